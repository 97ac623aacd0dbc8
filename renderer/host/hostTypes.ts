/** The contract's types as the UI names them: renderer/canvas sees the host only through renderer/host. */
export type { CallInput, CallName, CallOutput, HostClient } from '../../shared/contract/hostApi';

export { createHostService } from './hostService';
export type { HostEventListener, HostService, HostServiceOptions } from './hostService';
export { envSessionKeyStore } from './keyStore';
export type { KeySource, KeyStore } from './keyStore';
export type { NativeDialogs } from './workflowFiles';
export type { EngineTuning } from './engineRuntime';

import type { z } from 'zod';
import { hostCalls } from '../../../shared/contract/hostApi';
import type { CallName, CallOutput, HostHandlers } from '../../../shared/contract/hostApi';

/**
 * One contract call as every transport runs it (Electron IPC and the web host):
 * the name must be a contract call, the input must parse with its schema, the
 * handler runs on the parsed input, and the answer must parse with the output
 * schema, so only the contract's fields ever leave the host. A transport only
 * turns the outcome into its own reply (an IPC answer, an HTTP status).
 */

/** One field the input schema refused: where, and why (never the value). */
export interface InputIssue {
  path: string;
  message: string;
}

export type CallFailure =
  /** Not a call of the contract. */
  | { ok: false; kind: 'unknown-call'; message: string }
  /** The input did not parse; the handler was not called. */
  | { ok: false; kind: 'invalid-input'; message: string; issues: InputIssue[] }
  /** The handler threw: its message, written for the user and free of keys. */
  | { ok: false; kind: 'failed'; message: string }
  /** The handler answered outside the output schema (a bug in the host). */
  | { ok: false; kind: 'bad-output'; message: string };

export type CallOutcome<K extends CallName = CallName> =
  { ok: true; name: K; value: CallOutput<K> } | CallFailure;

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.hasOwn(hostCalls, name);

/** "<call>: invalid input: <field>: <why>; ..." naming at most five fields. */
export function describeIssues(call: string, issues: readonly InputIssue[]): string {
  const parts = issues.slice(0, 5).map((i) => `${i.path || '(input)'}: ${i.message}`);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return `${call}: invalid input: ${parts.join('; ')}${more}`;
}

const issuesOf = (error: z.ZodError): InputIssue[] =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

export async function checkedCall(
  handlers: HostHandlers,
  name: unknown,
  rawInput: unknown,
): Promise<CallOutcome> {
  if (!isCallName(name))
    return {
      ok: false,
      kind: 'unknown-call',
      message: `unknown call "${String(name).slice(0, 80)}"`,
    };
  const contract = hostCalls[name];
  const input = (contract.input as z.ZodType).safeParse(rawInput);
  if (!input.success) {
    const issues = issuesOf(input.error);
    return { ok: false, kind: 'invalid-input', message: describeIssues(name, issues), issues };
  }
  let output: unknown;
  try {
    output = await (handlers[name] as (input: unknown) => Promise<unknown>)(input.data);
  } catch (e) {
    return { ok: false, kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
  const checked = (contract.output as z.ZodType).safeParse(output);
  if (!checked.success)
    return {
      ok: false,
      kind: 'bad-output',
      message: `${name}: the host produced an answer outside the contract`,
    };
  return { ok: true, name, value: checked.data as CallOutput<typeof name> };
}

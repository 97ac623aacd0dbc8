import path from 'node:path';
import type { NodeEvent, NodeState, RunEvent } from '../../../shared/run/events';
import type { Emulator, RecordedRequest } from '../../emulator/types';
import { JobJournal } from '../storage/jobJournal';
import type { JournalEntry } from '../storage/jobJournal';

/** Helpers for engine tests: reading a run's events, the emulator's log, the journal. */

export const nodeEvents = (events: readonly RunEvent[], nodeId: string): NodeEvent[] =>
  events.filter((e): e is NodeEvent => e.type === 'node' && e.nodeId === nodeId);

/** The states a node went through, repeats (one per poll) collapsed. */
export function stateSequence(events: readonly RunEvent[], nodeId: string): NodeState[] {
  const states: NodeState[] = [];
  for (const e of nodeEvents(events, nodeId)) if (states.at(-1) !== e.state) states.push(e.state);
  return states;
}

/** The node's last event: its terminal state, message and request id. */
export function finalEvent(events: readonly RunEvent[], nodeId: string): NodeEvent {
  const last = nodeEvents(events, nodeId).at(-1);
  if (!last) throw new Error(`no event for node ${nodeId}`);
  return last;
}

export const submitRequests = (emu: Emulator): RecordedRequest[] =>
  emu.requests().filter((r) => r.route === 'submit');

/** The open journal entries, read from disk as the next start would read them. */
export async function journalEntries(dataDir: string): Promise<JournalEntry[]> {
  const journal = new JobJournal(path.join(dataDir, 'journal'));
  const { entries } = await journal.list();
  return entries;
}

/** Waits until `check` holds, re-checking every few ms; fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

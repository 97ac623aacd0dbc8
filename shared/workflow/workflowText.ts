import type { Result } from '../result';
import { err, ok } from '../result';

/**
 * The largest workflow read (a file, a drop, or the text embedded in a PNG): room
 * for a few embedded images, far below what would stall the JSON parser.
 */
export const MAX_WORKFLOW_BYTES = 64 * 1024 * 1024;

const MIB = 1024 * 1024;
const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;

/** "the workflow is too large (70.0 MiB; the limit is 64.0 MiB)" */
export const workflowTooLarge = (bytes: number): string =>
  `the workflow is too large (${mib(bytes)}; the limit is ${mib(MAX_WORKFLOW_BYTES)})`;

/**
 * The one place workflow text is accepted, whatever read it (Open, the CLI, a drop,
 * a PNG): a UTF-8 byte order mark is dropped, and text that was not UTF-8 gets a
 * message naming the encoding instead of a JSON error full of NULs.
 */
export function workflowText(text: string): Result<string, string> {
  // UTF-16 read as UTF-8: its byte order mark became two U+FFFD, its ASCII NUL pairs.
  if (text.startsWith('\ufffd\ufffd') || text.includes('\u0000')) {
    return err('the file is UTF-16 (or another encoding that is not UTF-8); save it as UTF-8');
  }
  // A string's length in UTF-16 units is at most its UTF-8 size: a cheap lower bound.
  if (text.length > MAX_WORKFLOW_BYTES) return err(workflowTooLarge(text.length));
  return ok(text.startsWith('\ufeff') ? text.slice(1) : text);
}

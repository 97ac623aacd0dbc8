/** The CLI's contact with the outside, injectable so tests run it in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * stdout without escaping, for the live table's own cursor movements; what it is
   * given must already be printable(). Set by guardOutput.
   */
  terminal?: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** stdout is a terminal: draw live progress. */
  isTTY: boolean;
  /** The terminal's width, when stdout is one. */
  columns?: number;
  /** Calls `handler` on Ctrl+C; returns a function that stops listening. */
  onInterrupt: (handler: () => void) => () => void;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/**
 * What a terminal would act on rather than show: C0 controls (ESC starts a cursor
 * or title sequence, CR rewrites a line), DEL, C1 controls (0x9b is a one-byte
 * CSI) and the bidi marks that reorder a line as displayed.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_LINE_BREAK =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The one rule for what the CLI prints: every control character shown as a \uXXXX
 * escape (valid inside a JSON string, so --json lines stay JSON). Line breaks stay
 * unless `oneLine`: a value from a workflow or a provider (a node id, a message)
 * is printed with `oneLine`, so it can never start a line of its own.
 */
export function printable(text: string, options: { oneLine?: boolean } = {}): string {
  return text.replace(options.oneLine ? CONTROL_OR_LINE_BREAK : CONTROL, escapeChar);
}

/** A value from outside (workflow, provider, file system) inside a line of output. */
export const shown = (value: string): string => printable(value, { oneLine: true });

/** The CLI's output with every write made printable; `terminal` keeps the raw stdout. */
export function guardOutput(io: CliIO): CliIO {
  return {
    ...io,
    stdout: (t) => io.stdout(printable(t)),
    stderr: (t) => io.stderr(printable(t)),
    terminal: io.terminal ?? io.stdout,
  };
}

/** The CLI's exit codes (documented in the README and in `--help`). */
export const EXIT = {
  /** Every planned node finished (done or cached). */
  ok: 0,
  /** The run ended with failed, skipped or cancelled nodes. */
  failed: 1,
  /** Nothing was sent: bad arguments, unreadable or invalid workflow, missing API key. */
  invalid: 2,
  /** Interrupted with Ctrl+C (128 + SIGINT). */
  interrupted: 130,
} as const;

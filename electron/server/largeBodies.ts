import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './respond';

export interface LargeBodyLimits {
  /** A body above this many bytes (or of unknown size) is large. */
  largeBytes: number;
  /** Large calls handled at once; each holds its body, its text and its parsed input. */
  concurrent: number;
  /** Large calls waiting their turn (their bodies stay unread in the socket); more get 503. */
  waiting: number;
}

/**
 * Two 80 MiB calls at a time, four more waiting: eight concurrent 79 MiB bodies
 * took the web host to 1.2 GB; these bounds keep it near a third of that.
 */
export const LARGE_BODY_LIMITS: LargeBodyLimits = {
  largeBytes: 8 * 1024 * 1024,
  concurrent: 2,
  waiting: 4,
};

/** The declared size, or undefined when the body is chunked (its size is unknown). */
function declaredSize(req: IncomingMessage): number | undefined {
  if (req.headers['transfer-encoding'] !== undefined) return undefined;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) ? length : undefined;
}

/**
 * Bounds the memory the web host spends on request bodies: small calls pass at
 * once; large ones are handled a few at a time, a few more wait, and the rest
 * are answered 503 with a message saying why and when to retry.
 */
export function largeBodyGate(limits: LargeBodyLimits = LARGE_BODY_LIMITS) {
  let active = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    const next = queue.shift();
    if (next)
      next(); // the slot passes straight to the next in line
    else active--;
  };

  return async function admit(
    req: IncomingMessage,
    res: ServerResponse,
    handle: () => Promise<void>,
  ): Promise<void> {
    const size = declaredSize(req);
    if (size !== undefined && size <= limits.largeBytes) return handle();
    if (active < limits.concurrent) active++;
    else if (queue.length < limits.waiting) {
      const admitted = await new Promise<boolean>((resolve) => {
        const turn = (): void => {
          res.off('close', gone);
          resolve(true);
        };
        // A client that gave up leaves the line.
        const gone = (): void => {
          const at = queue.indexOf(turn);
          if (at >= 0) queue.splice(at, 1);
          resolve(false);
        };
        queue.push(turn);
        res.once('close', gone);
      });
      if (!admitted) return;
    } else {
      res.setHeader('Retry-After', '2');
      res.setHeader('Connection', 'close');
      return sendJson(res, 503, {
        error:
          'Nodeloom is busy receiving other large requests; try again in a moment ' +
          `(at most ${limits.concurrent} large requests are handled at once)`,
      });
    }
    try {
      await handle();
    } finally {
      release();
    }
  };
}

export type LargeBodyGate = ReturnType<typeof largeBodyGate>;

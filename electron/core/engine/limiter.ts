/**
 * A counting semaphore. Waiters are served by priority, highest first (the engine
 * passes each job's remaining critical path, so long chains are not starved by
 * short jobs listed before them), and first come, first served among equals.
 */
export class Limiter {
  private active = 0;
  /** Kept sorted: highest priority first, then by arrival. */
  private readonly waiting: Array<{ priority: number; grant: () => void }> = [];

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new Error(`a limit must be at least 1, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  async acquire(signal?: AbortSignal, priority = 0): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        priority,
        grant: (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // After every waiter of at least the same priority: equals keep their arrival order.
      const at = this.waiting.findIndex((w) => w.priority < priority);
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, waiter);
    });
    this.active++;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.grant();
    };
  }
}

/** Acquires several limiters in a fixed order (provider, then global) and releases all. */
export async function acquireAll(
  limiters: readonly Limiter[],
  signal?: AbortSignal,
  priority = 0,
): Promise<() => void> {
  const releases: Array<() => void> = [];
  try {
    for (const l of limiters) releases.push(await l.acquire(signal, priority));
  } catch (e) {
    releases.reverse().forEach((r) => r());
    throw e;
  }
  return () => releases.reverse().forEach((r) => r());
}

/**
 * A counting semaphore that serves waiters by priority, highest first (the engine
 * passes each job's remaining critical path, so a long chain is not starved by
 * short jobs listed before it), first come, first served among equals.
 *
 * Slots are handed out once per turn of the event loop, not at the instant they
 * free up: the jobs that a finished job made ready, and the jobs that became ready
 * together at the start of a run, are all waiting by then, so the slot goes to the
 * most urgent of them rather than to whichever asked first.
 */
export class Limiter {
  private active = 0;
  /** Kept sorted: highest priority first, then by arrival. */
  private readonly waiting: Array<{ priority: number; grant: () => void }> = [];
  private drainScheduled = false;

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new Error(`a limit must be at least 1, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  acquire(signal?: AbortSignal, priority = 0): Promise<() => void> {
    return new Promise<() => void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter = {
        priority,
        grant: (): void => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve(this.releaser());
        },
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // After every waiter of at least the same priority: equals keep their arrival order.
      const at = this.waiting.findIndex((w) => w.priority < priority);
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, waiter);
      this.scheduleDrain();
    });
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      while (this.active < this.limit && this.waiting.length > 0) this.waiting.shift()!.grant();
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      if (this.waiting.length > 0) this.scheduleDrain();
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

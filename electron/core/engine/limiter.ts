/**
 * A counting semaphore. Waiters are served first come, first served, so a long
 * graph cannot starve the jobs that became ready first.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new Error(`a limit must be at least 1, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
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
      this.waiting.shift()?.();
    };
  }
}

/** Acquires several limiters in a fixed order (provider, then global) and releases all. */
export async function acquireAll(
  limiters: readonly Limiter[],
  signal?: AbortSignal,
): Promise<() => void> {
  const releases: Array<() => void> = [];
  try {
    for (const l of limiters) releases.push(await l.acquire(signal));
  } catch (e) {
    releases.reverse().forEach((r) => r());
    throw e;
  }
  return () => releases.reverse().forEach((r) => r());
}

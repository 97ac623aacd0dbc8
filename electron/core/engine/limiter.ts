import type { ProviderId } from '../../../shared/catalog/model';

interface Waiter {
  provider: ProviderId;
  priority: number;
  grant(): void;
}

/**
 * The slots for jobs at the providers: at most `global` at once, and at most
 * `perProvider[p]` at provider p. Waiters are served by priority, highest first (the
 * engine passes each job's remaining critical path, so a long chain is not starved
 * by short jobs listed before it), first come, first served among equals; a waiter
 * whose provider is full lets the next one with room go.
 *
 * Both limits are taken at once, and slots are handed out once per turn of the
 * event loop rather than the instant they free up: the jobs a finished job made
 * ready, and the jobs that became ready together at the start of a run, are all
 * waiting by then, so a slot goes to the most urgent of them, not to whichever
 * asked first.
 */
export class JobSlots {
  private activeTotal = 0;
  private readonly active = new Map<ProviderId, number>();
  /** Kept sorted: highest priority first, then by arrival. */
  private readonly waiting: Waiter[] = [];
  private drainScheduled = false;

  constructor(
    private readonly global: number,
    private readonly perProvider: Readonly<Record<ProviderId, number>>,
  ) {
    for (const limit of [global, ...Object.values(perProvider)]) {
      if (!(limit >= 1)) throw new Error(`a limit must be at least 1, got ${limit}`);
    }
  }

  /** Jobs holding a slot, at one provider or in all. */
  inUse(provider?: ProviderId): number {
    return provider ? (this.active.get(provider) ?? 0) : this.activeTotal;
  }

  acquire(provider: ProviderId, signal?: AbortSignal, priority = 0): Promise<() => void> {
    return new Promise<() => void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        provider,
        priority,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.activeTotal++;
          this.active.set(provider, this.inUse(provider) + 1);
          resolve(this.releaser(provider));
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
      for (let i = 0; i < this.waiting.length && this.activeTotal < this.global;) {
        const w = this.waiting[i]!;
        if (this.inUse(w.provider) >= this.perProvider[w.provider]) {
          i++;
          continue;
        }
        this.waiting.splice(i, 1);
        w.grant();
      }
    });
  }

  private releaser(provider: ProviderId): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.activeTotal--;
      this.active.set(provider, this.inUse(provider) - 1);
      if (this.waiting.length > 0) this.scheduleDrain();
    };
  }
}

/**
 * The emulator's time: job queue and run times, and when signed URLs expire. Real
 * time by default; a test passes a ManualClock to move time itself instead of
 * sleeping until a URL expires.
 */
export interface EmulatorClock {
  now(): number;
  /** Calls `fn` once `ms` have passed on this clock. */
  setTimer(fn: () => void, ms: number): ClockTimer;
  clearTimer(timer: ClockTimer): void;
}

/** An opaque handle of a pending timer. */
export type ClockTimer = { readonly pending: unknown };

export const realClock: EmulatorClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => ({ pending: setTimeout(fn, Math.max(0, ms)) }),
  clearTimer: (timer) => clearTimeout(timer.pending as NodeJS.Timeout),
};

/**
 * Time that moves only when `advance()` says so. A timer already due (a run time
 * of 0) fires on the next turn of the event loop, as a real 0 ms timer would.
 */
export class ManualClock implements EmulatorClock {
  private time: number;
  private readonly timers = new Set<{ due: number; fn: () => void; pending: unknown }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): ClockTimer {
    const timer = { due: this.time + Math.max(0, ms), fn, pending: null as unknown };
    this.timers.add(timer);
    if (timer.due <= this.time) setImmediate(() => this.fireDue());
    return timer;
  }

  clearTimer(timer: ClockTimer): void {
    this.timers.delete(timer as { due: number; fn: () => void; pending: unknown });
  }

  /** Moves time on by `ms` and fires every timer that came due, earliest first. */
  advance(ms: number): void {
    this.time += ms;
    this.fireDue();
  }

  private fireDue(): void {
    for (;;) {
      let next: { due: number; fn: () => void } | undefined;
      for (const t of this.timers) if (t.due <= this.time && (!next || t.due < next.due)) next = t;
      if (!next) return;
      this.timers.delete(next as { due: number; fn: () => void; pending: unknown });
      next.fn();
    }
  }
}

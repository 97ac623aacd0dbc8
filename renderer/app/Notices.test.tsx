import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStudio } from './appTestKit';
import { Notices } from './Notices';
import type { ToastTimer } from './toastTiming';
import { TOAST_LIFETIME_MS } from './toastTiming';

/** A clock the test advances by hand: pending callbacks with their due times. */
function manualTimer() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timer: ToastTimer = {
    setTimeout(run, ms) {
      const id = next++;
      pending.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, p] of [...pending]) {
      if (p.at > now) continue;
      pending.delete(id);
      act(() => p.run());
    }
  };
  return { timer, advance, pending };
}

afterEach(cleanup);

describe('toasts', () => {
  it('expires an info toast after its lifetime and a warning after its own', () => {
    const clock = manualTimer();
    const { studio } = renderStudio(<Notices timer={clock.timer} />);
    act(() => {
      studio.ui.getState().notify({ kind: 'info', text: 'Saved as cat.nodeloom' });
      studio.ui.getState().notify({ kind: 'warning', text: 'Two models share a key' });
    });
    expect(screen.getAllByRole('status')).toHaveLength(2);
    clock.advance(TOAST_LIFETIME_MS.info - 1);
    expect(screen.getByText('Saved as cat.nodeloom')).toBeTruthy();
    clock.advance(1);
    expect(screen.queryByText('Saved as cat.nodeloom')).toBeNull();
    expect(screen.getByText('Two models share a key')).toBeTruthy();
    clock.advance(TOAST_LIFETIME_MS.warning);
    expect(studio.ui.getState().notices).toHaveLength(0);
  });

  it('keeps an error, and an offer with a button, until dismissed', () => {
    const clock = manualTimer();
    const { studio } = renderStudio(<Notices timer={clock.timer} />);
    act(() => {
      studio.ui.getState().notify({ kind: 'error', text: 'The file is not a workflow' });
      studio.ui
        .getState()
        .notify({ kind: 'info', text: 'Closed cat', action: { label: 'Reopen', run() {} } });
    });
    expect(clock.pending.size).toBe(0);
    clock.advance(60 * 60 * 1000);
    expect(screen.getByRole('alert').textContent).toContain('The file is not a workflow');
    fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss' })[0]!);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Closed cat')).toBeTruthy();
  });

  it('waits while the pointer is on a toast, then expires it', () => {
    const clock = manualTimer();
    const { studio } = renderStudio(<Notices timer={clock.timer} />);
    act(() => void studio.ui.getState().notify({ kind: 'info', text: 'Exported 4 images' }));
    fireEvent.mouseEnter(screen.getByRole('status'));
    expect(clock.pending.size).toBe(0);
    clock.advance(TOAST_LIFETIME_MS.info * 2);
    expect(screen.getByText('Exported 4 images')).toBeTruthy();
    fireEvent.mouseLeave(screen.getByRole('status'));
    clock.advance(TOAST_LIFETIME_MS.info);
    expect(screen.queryByText('Exported 4 images')).toBeNull();
  });
});

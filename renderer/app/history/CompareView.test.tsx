import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppContext } from '../../host/appContext';
import { appInfo, fakeHost, registry } from '../appTestKit';
import { CompareView } from './CompareView';
import type { CompareMode, ComparePick } from './historyUi';

afterEach(cleanup);

const pick = (c: string, label: string): ComparePick => ({
  image: { hash: c.repeat(64), mimeType: 'image/png', width: 8, height: 6, bytes: 1 },
  label,
});

function Harness({ onClose = () => undefined }: { onClose?: () => void }) {
  const [mode, setMode] = useState<CompareMode>('slider');
  return (
    <AppContext.Provider value={{ host: fakeHost(), registry, info: appInfo() }}>
      <CompareView
        a={pick('a', 'left one')}
        b={pick('b', 'right one')}
        mode={mode}
        onMode={setMode}
        onClose={onClose}
      />
    </AppContext.Provider>
  );
}

describe('CompareView', () => {
  it('stacks the two images; dragging the divider uncovers more or less of the first', () => {
    render(<Harness />);
    const stage = screen.getByTestId('compare-stage');
    stage.getBoundingClientRect = () =>
      ({ left: 100, top: 0, width: 400, height: 300, right: 500, bottom: 300 }) as DOMRect;
    const slider = screen.getByTestId('compare-slider');
    const top = screen.getByTestId('compare-top');
    expect(top.style.clipPath).toBe('inset(0 50% 0 0)');

    fireEvent.pointerDown(stage, { clientX: 200, pointerId: 1 });
    expect(slider.getAttribute('aria-valuenow')).toBe('25');
    fireEvent.pointerMove(stage, { clientX: 400, pointerId: 1 });
    expect(slider.getAttribute('aria-valuenow')).toBe('75');
    expect(top.style.clipPath).toBe('inset(0 25% 0 0)');
    fireEvent.pointerUp(stage, { pointerId: 1 });
    fireEvent.pointerMove(stage, { clientX: 150, pointerId: 1 });
    expect(slider.getAttribute('aria-valuenow')).toBe('75');
    // Past the edge it stops at the edge.
    fireEvent.pointerDown(stage, { clientX: 900, pointerId: 1 });
    expect(slider.getAttribute('aria-valuenow')).toBe('100');
  });

  it('moves the divider with the keyboard', () => {
    render(<Harness />);
    const slider = screen.getByTestId('compare-slider');
    fireEvent.keyDown(slider, { key: 'ArrowLeft' });
    expect(slider.getAttribute('aria-valuenow')).toBe('48');
    fireEvent.keyDown(slider, { key: 'ArrowRight', shiftKey: true });
    expect(slider.getAttribute('aria-valuenow')).toBe('58');
    fireEvent.keyDown(slider, { key: 'Home' });
    expect(slider.getAttribute('aria-valuenow')).toBe('0');
  });

  it('shows them side by side in split mode, with their labels and sizes', () => {
    render(<Harness />);
    fireEvent.click(screen.getByTestId('compare-mode-split'));
    expect(screen.queryByTestId('compare-slider')).toBeNull();
    const split = screen.getByTestId('compare-split');
    expect(split.querySelectorAll('img')).toHaveLength(2);
    expect(split.textContent).toContain('left one · 8×6');
    expect(split.textContent).toContain('right one · 8×6');
    fireEvent.click(screen.getByTestId('compare-mode-slider'));
    expect(screen.getByTestId('compare-slider')).toBeTruthy();
  });

  it('closes with Escape, the close button or a click outside', () => {
    const onClose = vi.fn();
    render(<Harness onClose={onClose} />);
    fireEvent.keyDown(screen.getByTestId('compare-view'), { key: 'Escape' });
    fireEvent.click(screen.getByTestId('compare-close'));
    fireEvent.click(screen.getByTestId('compare-view').parentElement!);
    expect(onClose).toHaveBeenCalledTimes(3);
  });
});

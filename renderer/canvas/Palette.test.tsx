import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Palette } from './Palette';
import { createHarness, renderWith } from './testing/harness';

afterEach(cleanup);

function open(props: Partial<Parameters<typeof Palette>[0]> = {}) {
  const onPick = vi.fn();
  const onClose = vi.fn();
  renderWith(
    createHarness(),
    <Palette position={{ x: 10, y: 10 }} onPick={onPick} onClose={onClose} {...props} />,
  );
  return { onPick, onClose, input: screen.getByTestId('palette-input') };
}

const titles = () =>
  screen.getAllByRole('option').map((o) => o.querySelector('.nl-palette__title')!.textContent);

describe('Palette', () => {
  it('lists every node type with category and provider, and searches fuzzily', () => {
    const { input } = open();
    expect(titles()).toContain('Prompt');
    expect(titles()).toContain('Nano Banana Pro Edit (Runflow)');
    expect(screen.getByTestId('palette-item-prompt').textContent).toContain('Inputs · Built-in');
    fireEvent.change(input, { target: { value: 'nb2 edit' } });
    expect(titles()[0]).toBe('Nano Banana 2 Edit (RunComfy)');
  });

  it('is driven by the keyboard: arrows, Enter, Escape', () => {
    const { input, onPick, onClose } = open();
    fireEvent.change(input, { target: { value: 'pro edit' } });
    const first = titles()[0];
    const second = titles()[1];
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    // Wraps to the last item; one down brings it back to the first.
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onPick.mock.calls[0]![0].title).toBe(first);
    expect(second).not.toBe(first);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });

  it('from a text wire offers only nodes with a text input, and a reroute (it takes any wire)', () => {
    open({ wire: { nodeId: 'p', handleId: 'text', handleType: 'source', portType: 'text' } });
    const shown = titles();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).not.toContain('Prompt');
    expect(shown).not.toContain('Load Image');
    expect(shown).not.toContain('Preview / Save');
    expect(shown).not.toContain('Note');
    expect(shown).toContain('Reroute');
    expect(shown.every((t) => t === 'Reroute' || t?.includes('Nano Banana'))).toBe(true);
  });

  it('from an image wire offers models with image lists and Preview', () => {
    open({ wire: { nodeId: 'a', handleId: 'image', handleType: 'source', portType: 'image' } });
    const shown = titles();
    expect(shown).toContain('Preview / Save');
    expect(shown).toContain('Nano Banana Pro Edit (Runflow)');
    // Text-to-image takes no images.
    expect(shown).not.toContain('Nano Banana Pro (RunComfy)');
  });

  it('closes on a click outside', () => {
    const { onClose } = open();
    fireEvent.pointerDown(document.body);
    expect(onClose).toHaveBeenCalled();
  });
});

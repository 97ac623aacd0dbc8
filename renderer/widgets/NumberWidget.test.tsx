import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NumberWidget } from './NumberWidget';
import { seedWidget } from './testing/seedCatalog';
import { WidgetFor } from './WidgetFor';

afterEach(cleanup);

const seedNumber = (provider: string, endpoint: string, key: string) =>
  seedWidget(provider, endpoint, key, 'number');

describe('NumberWidget with seed schemas', () => {
  it('num_images: integer 1..4, default shown when unset, numbers sent as numbers', () => {
    const widget = seedNumber('runcomfy', 'google/nano-banana-2/edit', 'num_images');
    expect(widget).toMatchObject({ integer: true, min: 1, max: 4, default: 1 });
    const onChange = vi.fn();
    render(<NumberWidget widget={widget} value={undefined} onChange={onChange} testId="w" />);
    const input = screen.getByTestId<HTMLInputElement>('w');
    expect(input.placeholder).toBe('1');
    expect(input.step).toBe('1');
    expect(input.min).toBe('1');
    expect(input.max).toBe('4');
    expect(input.className).toContain('nodrag');
    expect(input.className).toContain('nowheel');
    expect(screen.getByText('1–4')).toBeTruthy();
    fireEvent.change(input, { target: { value: '3' } });
    expect(onChange).toHaveBeenLastCalledWith(3);
    expect(screen.queryByTestId('w-message')).toBeNull();
  });

  it('does not clamp 7: it is sent as typed and explained inline', () => {
    const widget = seedNumber('runcomfy', 'google/nano-banana-2/edit', 'num_images');
    const onChange = vi.fn();
    const { rerender } = render(
      <NumberWidget widget={widget} value={undefined} onChange={onChange} testId="w" />,
    );
    fireEvent.change(screen.getByTestId('w'), { target: { value: '7' } });
    expect(onChange).toHaveBeenLastCalledWith(7);
    rerender(<NumberWidget widget={widget} value={7} onChange={onChange} testId="w" />);
    expect(screen.getByTestId<HTMLInputElement>('w').value).toBe('7');
    expect(screen.getByTestId('w-message').textContent).toBe('7 is above the maximum 4');
  });

  it('explains fractions of an integer and clears to unset', () => {
    const widget = seedNumber('runcomfy', 'google/nano-banana-2/edit', 'num_images');
    const onChange = vi.fn();
    render(<WidgetFor widget={widget} value={2.5} onChange={onChange} testId="w" />);
    expect(screen.getByTestId('w-message').textContent).toBe('2.5 is not a whole number');
    fireEvent.change(screen.getByTestId('w'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('follows outside changes (undo) of the value', () => {
    const widget = seedNumber('runcomfy', 'google/nano-banana-2/edit', 'seed');
    const { rerender } = render(
      <NumberWidget widget={widget} value={5} onChange={() => {}} testId="w" />,
    );
    expect(screen.getByTestId<HTMLInputElement>('w').value).toBe('5');
    rerender(<NumberWidget widget={widget} value={42} onChange={() => {}} testId="w" />);
    expect(screen.getByTestId<HTMLInputElement>('w').value).toBe('42');
  });

  it('Runflow num_images has no bounds and no default', () => {
    const widget = seedNumber('runflow', 'google/nano-banana-pro/edit', 'num_images');
    render(<NumberWidget widget={widget} value={7} onChange={() => {}} testId="w" />);
    expect(screen.queryByTestId('w-message')).toBeNull();
    expect(screen.getByTestId<HTMLInputElement>('w').placeholder).toBe('provider default');
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WidgetSpec } from '../../shared/nodes/spec';
import { SelectWidget } from './SelectWidget';
import { seedWidget } from './testing/seedCatalog';
import { WidgetFor } from './WidgetFor';

afterEach(cleanup);

const seedSelect = (provider: string, endpoint: string, key: string) =>
  seedWidget(provider, endpoint, key, 'select');

describe('SelectWidget with seed schemas', () => {
  it('shows the default (auto) of RunComfy aspect_ratio when unset and sends the chosen string', () => {
    const widget = seedSelect('runcomfy', 'google/nano-banana-2/edit', 'aspect_ratio');
    const onChange = vi.fn();
    render(<SelectWidget widget={widget} value={undefined} onChange={onChange} testId="w" />);
    const select = screen.getByTestId<HTMLSelectElement>('w');
    expect(select.selectedOptions[0]?.textContent).toBe('auto');
    expect(select.classList.contains('nodrag')).toBe(true);
    expect(select.classList.contains('nowheel')).toBe(true);
    expect(screen.getByText('default')).toBeTruthy();
    const label = screen.getByText('Aspect Ratio (W:H)');
    expect(label.getAttribute('title')).toBe('The aspect ratio of the generated image.');
    fireEvent.change(select, { target: { value: String(widget.options.indexOf('16:9')) } });
    expect(onChange).toHaveBeenCalledWith('16:9');
  });

  it('keeps Runflow safety_tolerance options as strings "1".."6"', () => {
    const widget = seedSelect('runflow', 'google/nano-banana-pro/edit', 'safety_tolerance');
    expect(widget.options).toEqual(['1', '2', '3', '4', '5', '6']);
    const onChange = vi.fn();
    render(<WidgetFor widget={widget} value={undefined} onChange={onChange} testId="w" />);
    const select = screen.getByTestId<HTMLSelectElement>('w');
    // No schema default: the provider decides until the artist picks one.
    expect(select.selectedOptions[0]?.textContent).toBe('provider default');
    fireEvent.change(select, { target: { value: '2' } });
    expect(onChange).toHaveBeenLastCalledWith('3');
    fireEvent.change(select, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('sends the RunComfy integer enum safety_tolerance as a number', () => {
    const widget = seedSelect('runcomfy', 'google/nano-banana-2/edit', 'safety_tolerance');
    const onChange = vi.fn();
    render(<WidgetFor widget={widget} value={2} onChange={onChange} testId="w" />);
    const select = screen.getByTestId<HTMLSelectElement>('w');
    expect(select.selectedOptions[0]?.textContent).toBe('2');
    fireEvent.change(select, { target: { value: String(widget.options.indexOf(5)) } });
    expect(onChange).toHaveBeenCalledWith(5);
    expect(typeof onChange.mock.calls[0]?.[0]).toBe('number');
  });

  it('shows a value outside the options with a message', () => {
    const widget: WidgetSpec = seedSelect('runcomfy', 'google/nano-banana-2/edit', 'resolution');
    render(<WidgetFor widget={widget} value="8K" onChange={() => {}} testId="w" />);
    const select = screen.getByTestId<HTMLSelectElement>('w');
    expect(select.selectedOptions[0]?.textContent).toBe('8K');
    expect(screen.getByTestId('w-message').textContent).toContain('"8K" is not one of');
  });

  it('shows a graph issue for the field', () => {
    const widget = seedSelect('runcomfy', 'google/nano-banana-2/edit', 'resolution');
    render(
      <SelectWidget
        widget={widget}
        value="2K"
        onChange={() => {}}
        issue="not allowed"
        testId="w"
      />,
    );
    expect(screen.getByTestId('w-message').textContent).toBe('not allowed');
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToggleWidget } from './ToggleWidget';
import { seedWidget } from './testing/seedCatalog';
import { WidgetFor } from './WidgetFor';

afterEach(cleanup);

const seedToggle = (provider: string, endpoint: string, key: string) =>
  seedWidget(provider, endpoint, key, 'toggle');

describe('ToggleWidget with seed schemas', () => {
  it('enable_web_search: shows the default (off) and sends booleans', () => {
    const widget = seedToggle('runcomfy', 'google/nano-banana-2/edit', 'enable_web_search');
    const onChange = vi.fn();
    render(<ToggleWidget widget={widget} value={undefined} onChange={onChange} testId="w" />);
    const box = screen.getByTestId<HTMLInputElement>('w');
    expect(box.type).toBe('checkbox');
    expect(box.checked).toBe(false);
    expect(box.className).toContain('nodrag');
    expect(screen.getByText('Enable Web Search').getAttribute('title')).toBe(
      'Enable web search for latest information in generation.',
    );
    fireEvent.click(box);
    expect(onChange).toHaveBeenLastCalledWith(true);
  });

  it('limit_generations defaults to on; a set value wins', () => {
    const widget = seedToggle('runcomfy', 'google/nano-banana-2/edit', 'limit_generations');
    const { rerender } = render(
      <WidgetFor widget={widget} value={undefined} onChange={() => {}} testId="w" />,
    );
    expect(screen.getByTestId<HTMLInputElement>('w').checked).toBe(true);
    rerender(<WidgetFor widget={widget} value={false} onChange={() => {}} testId="w" />);
    expect(screen.getByTestId<HTMLInputElement>('w').checked).toBe(false);
  });

  it('Runflow enable_web_search without default is indeterminate; a non-boolean is explained', () => {
    const widget = seedToggle('runflow', 'google/nano-banana-pro/edit', 'enable_web_search');
    const { rerender } = render(
      <ToggleWidget widget={widget} value={undefined} onChange={() => {}} testId="w" />,
    );
    expect(screen.getByTestId<HTMLInputElement>('w').indeterminate).toBe(true);
    rerender(<ToggleWidget widget={widget} value="yes" onChange={() => {}} testId="w" />);
    expect(screen.getByTestId('w-message').textContent).toBe('"yes" is not true or false');
  });

  it('can be disabled', () => {
    const widget = seedToggle('runcomfy', 'google/nano-banana-2/edit', 'enable_web_search');
    render(<ToggleWidget widget={widget} value={true} onChange={() => {}} disabled testId="w" />);
    expect(screen.getByTestId<HTMLInputElement>('w').disabled).toBe(true);
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TextWidget } from './TextWidget';
import { seedWidget } from './testing/seedCatalog';
import { WidgetFor } from './WidgetFor';

afterEach(cleanup);

const seedText = (provider: string, endpoint: string, key: string) =>
  seedWidget(provider, endpoint, key, 'text');

describe('TextWidget with seed schemas', () => {
  it('prompt is a multiline textarea, empty until typed in, with the provider sample only as placeholder', () => {
    const widget = seedText('runcomfy', 'google/nano-banana-2/edit', 'prompt');
    expect(widget).toMatchObject({ multiline: true, convertible: true, required: true });
    expect(widget.default).toBeUndefined();
    const onChange = vi.fn();
    render(<TextWidget widget={widget} value={undefined} onChange={onChange} testId="w" />);
    const area = screen.getByTestId<HTMLTextAreaElement>('w');
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.value).toBe('');
    expect(area.placeholder).toBe(
      'Keep the subject identity unchanged, convert the background into a rainy neon cyberpunk street at night, cinematic lighting, high detail.',
    );
    expect(area.className).toContain('nodrag');
    expect(area.className).toContain('nowheel');
    expect(screen.getByText('Prompt').getAttribute('title')).toBe('The prompt for image editing.');
    fireEvent.change(area, { target: { value: 'a red fox' } });
    expect(onChange).toHaveBeenLastCalledWith('a red fox');
  });

  it('the 820-character sample of Nano Banana Pro text-to-image is a placeholder, not the value', () => {
    const widget = seedText('runcomfy', 'google/nano-banana/pro/text-to-image', 'prompt');
    expect(widget.placeholder?.length).toBe(820);
    render(<TextWidget widget={widget} value={undefined} onChange={() => {}} testId="w" />);
    const area = screen.getByTestId<HTMLTextAreaElement>('w');
    expect(area.value).toBe('');
    expect(area.placeholder).toBe(widget.placeholder);
  });

  it('a connected prompt shows its source and is disabled', () => {
    const widget = seedText('runflow', 'google/nano-banana-pro/edit', 'prompt');
    render(
      <WidgetFor
        widget={widget}
        value="typed"
        onChange={() => {}}
        linkedFrom="Prompt"
        testId="w"
      />,
    );
    expect(screen.getByTestId('w-linked').textContent).toBe('← from Prompt');
    expect(screen.queryByTestId('w')).toBeNull();
  });

  it('Runflow aspect_ratio (free text) is a single-line input', () => {
    const widget = seedText('runflow', 'google/nano-banana-pro/edit', 'aspect_ratio');
    expect(widget.multiline).toBe(false);
    const onChange = vi.fn();
    render(<WidgetFor widget={widget} value={undefined} onChange={onChange} testId="w" />);
    const input = screen.getByTestId<HTMLInputElement>('w');
    expect(input.tagName).toBe('INPUT');
    expect(input.type).toBe('text');
    expect(input.value).toBe('');
    fireEvent.change(input, { target: { value: '16:9' } });
    expect(onChange).toHaveBeenLastCalledWith('16:9');
  });

  it('shows the graph issue of an empty required prompt', () => {
    const widget = seedText('runflow', 'google/nano-banana-pro/edit', 'prompt');
    render(
      <TextWidget
        widget={widget}
        value=""
        onChange={() => {}}
        issue="Prompt is empty"
        testId="w"
      />,
    );
    expect(screen.getByTestId('w-message').textContent).toBe('Prompt is empty');
    expect(screen.getByText('*')).toBeTruthy();
  });
});

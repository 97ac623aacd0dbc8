import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, parseBlocks } from './markdown';

describe('notes: a safe Markdown subset', () => {
  it('reads headings, lists and paragraphs', () => {
    expect(parseBlocks('# Title\nsome\ntext\n\n- one\n- two\n1. first')).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'some text' },
      { kind: 'list', ordered: false, items: ['one', 'two'] },
      { kind: 'list', ordered: true, items: ['first'] },
    ]);
  });

  it('renders bold, italic, code and https links as elements', () => {
    const { container } = render(
      <Markdown source="**bold** and *soft* `code` [docs](https://example.com/a)" />,
    );
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('em')?.textContent).toBe('soft');
    expect(container.querySelector('code')?.textContent).toBe('code');
    const a = container.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/a');
    expect(a.getAttribute('rel')).toContain('noopener');
  });

  it('never injects markup: HTML stays text and a javascript: link is no link', () => {
    const { container } = render(
      <Markdown source={'<img src=x onerror="alert(1)"> [click](javascript:alert(1))'} />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
  });
});

import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Toolbar } from './Toolbar';
import { pricedGraph, renderStudio } from './appTestKit';
import { shortcutLabel } from './shortcuts';

afterEach(cleanup);

describe('toolbar look', () => {
  it('names every button, icon-only ones included, and shows the shortcut in the tooltip', () => {
    renderStudio(<Toolbar />, { doc: pricedGraph() });
    for (const name of ['New', 'Open…', 'Save', 'Save As…', 'Embed Images', 'Settings'])
      expect(screen.getByRole('button', { name })).toBeTruthy();
    for (const button of screen.getAllByRole('button')) {
      expect(button.getAttribute('aria-label') ?? button.textContent).not.toBe('');
      // The icon is decoration: the name comes from the label.
      for (const svg of button.querySelectorAll('svg'))
        expect(svg.getAttribute('aria-hidden')).toBe('true');
    }
    expect(screen.getByTestId('btn-save').title).toBe(`Save (${shortcutLabel('file.save')})`);
    expect(screen.getByTestId('btn-run').title).toContain(shortcutLabel('run.run'));
  });
});

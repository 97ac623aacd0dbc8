import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Modal } from './Modal';

afterEach(cleanup);

function open(onClose = vi.fn()) {
  const opener = document.createElement('button');
  opener.textContent = 'Open';
  document.body.append(opener);
  opener.focus();
  const view = render(
    <Modal title="Settings" testId="dialog" onClose={onClose}>
      <input aria-label="Budget" />
      <button type="button">Save settings</button>
    </Modal>,
  );
  return { opener, onClose, view };
}

describe('Modal', () => {
  it('is a named modal dialog that takes the focus', () => {
    open();
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });

  it('keeps Tab inside: past the last control to the first, Shift+Tab back to the last', () => {
    open();
    const dialog = screen.getByRole('dialog');
    const first = screen.getByRole('button', { name: 'Close' });
    const last = screen.getByRole('button', { name: 'Save settings' });
    last.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('closes with Escape and gives the focus back to where it was', () => {
    const { opener, onClose, view } = open();
    fireEvent.keyDown(screen.getByLabelText('Budget'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    view.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { installPaste } from './paste';

let off: (() => void) | undefined;
afterEach(() => {
  off?.();
  off = undefined;
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function listen(active = true) {
  const files: string[][] = [];
  const nodes: (string | undefined)[] = [];
  off = installPaste(
    window,
    { files: (f) => files.push(f.map((x) => x.name)), nodes: (t) => nodes.push(t) },
    () => active,
  );
  return { files, nodes };
}

const ctrlV = (target: EventTarget = document.body): KeyboardEvent => {
  const e = new KeyboardEvent('keydown', {
    key: 'v',
    ctrlKey: true,
    bubbles: true,
    cancelable: true,
  });
  target.dispatchEvent(e);
  return e;
};

/** A paste event as the browser fires it; its clipboardData is a stand-in of DataTransfer. */
function pasteEvent(
  content: { files?: File[]; text?: string },
  target: EventTarget = document.body,
): Event {
  const e = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'clipboardData', {
    value: {
      files: content.files ?? [],
      getData: (type: string) => (type === 'text/plain' ? (content.text ?? '') : ''),
    },
  });
  target.dispatchEvent(e);
  return e;
}

const png = (name: string) =>
  new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' });

describe('paste', () => {
  it('hands pasted image files over (to become Load Image nodes), and pastes no nodes besides', () => {
    vi.useFakeTimers();
    const { files, nodes } = listen();
    expect(ctrlV().defaultPrevented).toBe(false); // the browser must fire its paste event
    const e = pasteEvent({ files: [png('shot.png')] });
    vi.runAllTimers();
    expect(e.defaultPrevented).toBe(true);
    expect(files).toEqual([['shot.png']]);
    expect(nodes).toEqual([]);
  });

  it('pastes nodes from the text the paste event carries', () => {
    vi.useFakeTimers();
    const { files, nodes } = listen();
    ctrlV();
    pasteEvent({ text: '{"nodeloom":"nodes"}' });
    vi.runAllTimers();
    expect(nodes).toEqual(['{"nodeloom":"nodes"}']);
    expect(files).toEqual([]);
  });

  it('pastes nodes from the key alone when no paste event follows it', () => {
    vi.useFakeTimers();
    const { nodes } = listen();
    ctrlV();
    expect(nodes).toEqual([]);
    vi.runAllTimers();
    expect(nodes).toEqual([undefined]);
  });

  it('leaves a paste into a text field to the field, and does nothing while a dialog is open', () => {
    vi.useFakeTimers();
    const input = document.body.appendChild(document.createElement('input'));
    const typing = listen();
    ctrlV(input);
    const e = pasteEvent({ files: [png('a.png')] }, input);
    vi.runAllTimers();
    expect(e.defaultPrevented).toBe(false);
    expect(typing.files).toEqual([]);
    expect(typing.nodes).toEqual([]);
    off?.();
    const dialog = listen(false);
    ctrlV();
    pasteEvent({ files: [png('b.png')] });
    vi.runAllTimers();
    expect(dialog.files).toEqual([]);
    expect(dialog.nodes).toEqual([]);
  });
});

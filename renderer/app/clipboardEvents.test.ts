import { afterEach, describe, expect, it, vi } from 'vitest';
import { installClipboardEvents } from './clipboardEvents';

let off: (() => void) | undefined;
afterEach(() => {
  off?.();
  off = undefined;
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function listen(active = true, selection: string | null = 'NODES') {
  const files: string[][] = [];
  const nodes: (string | undefined)[] = [];
  const copies: string[] = [];
  off = installClipboardEvents(
    window,
    {
      files: (f) => files.push(f.map((x) => x.name)),
      nodes: (t) => nodes.push(t),
      copy: (cut) => (copies.push(cut ? 'cut' : 'copy'), selection),
      copyByKey: (cut) => copies.push(cut ? 'key cut' : 'key copy'),
    },
    () => active,
  );
  return { files, nodes, copies };
}

const ctrl = (key: string, target: EventTarget = document.body): KeyboardEvent => {
  const e = new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
};
const ctrlV = (target?: EventTarget) => ctrl('v', target);

/** A copy or cut event; `set` is what the page put on the clipboard. */
function copyEvent(type: 'copy' | 'cut', target: EventTarget = document.body) {
  const set: Record<string, string> = {};
  const e = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'clipboardData', {
    value: { setData: (t: string, v: string) => void (set[t] = v) },
  });
  target.dispatchEvent(e);
  return { e, set };
}

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

describe('clipboard events', () => {
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

  it('copy and cut put the selected nodes on the clipboard through the event (no permission needed)', () => {
    vi.useFakeTimers();
    const { copies } = listen();
    expect(ctrl('c').defaultPrevented).toBe(false);
    const copied = copyEvent('copy');
    ctrl('x');
    const cut = copyEvent('cut');
    vi.runAllTimers();
    expect(copies).toEqual(['copy', 'cut']);
    expect(copied.e.defaultPrevented).toBe(true);
    expect(copied.set).toEqual({ 'text/plain': 'NODES' });
    expect(cut.set).toEqual({ 'text/plain': 'NODES' });
  });

  it("with nothing selected, a copy is the page's own; with no event after the key, the key copies", () => {
    vi.useFakeTimers();
    const { copies } = listen(true, null);
    const { e, set } = copyEvent('copy');
    expect(e.defaultPrevented).toBe(false);
    expect(set).toEqual({});
    ctrl('c');
    ctrl('x');
    vi.runAllTimers();
    expect(copies).toEqual(['copy', 'key cut']);
  });
});

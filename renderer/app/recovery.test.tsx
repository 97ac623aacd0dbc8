import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { createGraphStore } from '../store/graphStore';
import { isDirty } from '../store/selectors';
import { App } from './App';
import { fakeHost, pricedGraph, registry } from './appTestKit';
import { installAutosave } from './recovery';
import type { RecoveryEntry } from './recovery';

afterEach(() => {
  vi.useRealTimers();
  cleanup();
  sessionStorage.clear();
});

function editable() {
  const graph = createGraphStore({ registry });
  graph.getState().load(pricedGraph(), '/work/a.nodeloom');
  const edit = (text: string) =>
    graph.getState().dispatch({ type: 'setParam', nodeId: nodeId('n1'), key: 'text', value: text });
  return { graph, edit };
}

describe('autosave', () => {
  it('saves 2 s after the last edit, at most 5 s after the first, and discards once saved', async () => {
    vi.useFakeTimers();
    const host = fakeHost();
    const { graph, edit } = editable();
    const autosave = installAutosave('tab-1', graph, host);
    const saves = () => host.callsOf('recovery.save');

    edit('one');
    await vi.advanceTimersByTimeAsync(1900);
    expect(saves()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(saves()).toHaveLength(1);
    expect(saves()[0]).toMatchObject({
      key: 'tab-1',
      name: 'a.nodeloom',
      filePath: '/work/a.nodeloom',
      graph: graph.getState().doc,
    });

    // Typing without a pause: the 5 s cap still writes a copy.
    for (let i = 0; i < 7; i++) {
      edit(`typing ${i}`);
      await vi.advanceTimersByTimeAsync(900);
    }
    expect(saves()).toHaveLength(2);
    expect(saves()[1]!.graph.nodes[0]!.params).toMatchObject({ text: 'typing 5' });

    // Selection changes are not edits; nothing new to write.
    graph.getState().setSelection([nodeId('n1')], []);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saves()).toHaveLength(3); // the last typed edit, 2 s after it

    graph.getState().markSaved('/work/a.nodeloom');
    await vi.advanceTimersByTimeAsync(0);
    expect(host.callsOf('recovery.discard')).toEqual([{ key: 'tab-1' }]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saves()).toHaveLength(3);
    autosave.stop();
  });

  it('writes nothing for a clean document and discards when the edits are undone', async () => {
    vi.useFakeTimers();
    const host = fakeHost();
    const { graph, edit } = editable();
    installAutosave('tab-2', graph, host);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(host.calls.filter((c) => c.name.startsWith('recovery.'))).toEqual([]);
    edit('x');
    await vi.advanceTimersByTimeAsync(2000);
    graph.getState().undo();
    expect(isDirty(graph.getState())).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(host.calls.map((c) => c.name)).toEqual(['recovery.save', 'recovery.discard']);
  });
});

describe('autosave when the page goes away', () => {
  const hidden = (state: 'hidden' | 'visible'): void => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  afterEach(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });

  it('writes an edit typed 1.2 s before the tab closes at once, as a request that outlives the page', async () => {
    vi.useFakeTimers();
    const host = fakeHost();
    const keepalive = vi.fn(host.call.bind(host)) as unknown as NonNullable<
      typeof host.callKeepalive
    >;
    host.callKeepalive = keepalive;
    const { graph, edit } = editable();
    const autosave = installAutosave('tab-3', graph, host);
    edit('typed just before closing');
    await vi.advanceTimersByTimeAsync(1200);
    expect(host.callsOf('recovery.save')).toHaveLength(0);

    window.dispatchEvent(new Event('pagehide'));
    expect(keepalive).toHaveBeenCalledOnce(); // at once: no timer, no earlier call to wait for
    expect(host.callsOf('recovery.save')).toEqual([
      expect.objectContaining({ key: 'tab-3', graph: graph.getState().doc }),
    ]);
    // The timers that were pending write nothing more: the copy is current.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(host.callsOf('recovery.save')).toHaveLength(1);
    autosave.stop();
  });

  it('writes when the page is hidden (a closed window, another app), and only when there is something new', async () => {
    const host = fakeHost();
    const { graph, edit } = editable();
    const autosave = installAutosave('tab-4', graph, host);
    hidden('hidden');
    expect(host.callsOf('recovery.save')).toHaveLength(0); // clean: nothing to keep
    hidden('visible');
    edit('one');
    hidden('hidden');
    expect(host.callsOf('recovery.save')).toHaveLength(1);
    hidden('visible');
    hidden('hidden');
    expect(host.callsOf('recovery.save')).toHaveLength(1);
    autosave.stop();
    edit('after stop');
    window.dispatchEvent(new Event('pagehide'));
    expect(host.callsOf('recovery.save')).toHaveLength(1);
  });
});

const entry = (key: string, filePath: string | null, text: string): RecoveryEntry => {
  const graph = pricedGraph();
  graph.nodes[0]!.params = { text };
  return { key, name: 'x', filePath, savedAt: 1_700_000_000_000, graph };
};

describe('restoring at start-up', () => {
  it('offers the entries and restores each into its own unsaved tab with its file path', async () => {
    const entries = [entry('k1', '/work/a.nodeloom', 'edited A'), entry('k2', null, 'new one')];
    const host = fakeHost({ 'recovery.list': () => ({ entries }) });
    render(<App host={host} />);
    const dialog = await screen.findByTestId('recovery-dialog');
    expect(screen.getByTestId('tab-bar').getAttribute('data-recovery-checked')).toBe('true');
    expect(dialog.textContent).toContain('a.nodeloom');
    expect(screen.getAllByTestId('recovery-entry')).toHaveLength(2);
    fireEvent.click(screen.getByTestId('recovery-restore'));
    await waitFor(() => expect(screen.queryByTestId('recovery-dialog')).toBeNull());
    // The blank tab the app started with made room for the restored ones.
    const titles = screen.getAllByTestId('tab-title').map((t) => t.textContent);
    expect(titles).toEqual(['• a.nodeloom', '• Untitled']);
    expect(screen.getAllByTestId('tab')[0]!.dataset.active).toBe('true');
    expect(document.title).toBe('• a.nodeloom — Nodeloom');
    // Saving writes to the original file, then drops the copy.
    fireEvent.click(screen.getByTestId('btn-save'));
    await waitFor(() => expect(host.callsOf('recovery.discard')).toEqual([{ key: 'k1' }]));
    const written = host.callsOf('workflow.write')[0]!;
    expect(written.path).toBe('/work/a.nodeloom');
    expect(written.text).toContain('edited A');
    await waitFor(() =>
      expect(screen.getAllByTestId('tab-title').map((t) => t.textContent)).toEqual([
        'a.nodeloom',
        '• Untitled',
      ]),
    );
  });

  it('Discard drops every entry and keeps the blank tab', async () => {
    const host = fakeHost({ 'recovery.list': () => ({ entries: [entry('k1', null, 'x')] }) });
    render(<App host={host} />);
    await screen.findByTestId('recovery-dialog');
    await act(async () => fireEvent.click(screen.getByTestId('recovery-discard')));
    expect(host.callsOf('recovery.discard')).toEqual([{ key: 'k1' }]);
    expect(screen.queryByTestId('recovery-dialog')).toBeNull();
    expect(screen.getAllByTestId('tab-title').map((t) => t.textContent)).toEqual(['Untitled']);
  });

  it('shows nothing when there is nothing to recover, and marks the look as done', async () => {
    const host = fakeHost();
    render(<App host={host} />);
    const bar = await screen.findByTestId('tab-bar');
    // The mark tests wait on (the e2e test too): the answer has been acted on.
    await waitFor(() => expect(bar.getAttribute('data-recovery-checked')).toBe('true'));
    expect(host.callsOf('recovery.list')).toHaveLength(1);
    expect(screen.queryByTestId('recovery-dialog')).toBeNull();
  });
});

import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyGraph } from '../../shared/graph/document';
import { nodeId } from '../../shared/graph/ids';
import { createWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { Dialogs } from './Dialogs';
import { Notices } from './Notices';
import { Toolbar } from './Toolbar';
import { fakeHost, pricedGraph, renderStudio } from './appTestKit';
import { fileName, joinPath, rememberedPath, windowTitle } from './files';
import { connectStudio } from './studioSession';

let disconnect: (() => void) | undefined;
afterEach(() => {
  disconnect?.();
  disconnect = undefined;
  cleanup();
  sessionStorage.clear();
});
beforeEach(() => sessionStorage.clear());

const shell = (
  <>
    <Toolbar />
    <Notices />
    <Dialogs />
  </>
);

const goodText = serializeWorkflow(createWorkflow(pricedGraph()));
const badText = (() => {
  const file = JSON.parse(goodText) as { graph: { nodes: Array<{ position: unknown }> } };
  file.graph.nodes[0]!.position = { x: 'left', y: 0 };
  return JSON.stringify(file);
})();

const listing = {
  dir: '/work',
  parent: '/',
  entries: [
    { name: 'sub', path: '/work/sub', kind: 'dir' as const },
    { name: 'good.nodeloom', path: '/work/good.nodeloom', kind: 'workflow' as const },
    { name: 'bad.nodeloom', path: '/work/bad.nodeloom', kind: 'workflow' as const },
  ],
};

const workspaceHost = () =>
  fakeHost({
    'workflow.list': () => listing,
    'workflow.read': ({ path }) => ({
      path,
      text: path.endsWith('bad.nodeloom') ? badText : goodText,
    }),
  });

describe('file helpers', () => {
  it('name paths and titles', () => {
    expect(fileName('/a/b/c.nodeloom')).toBe('c.nodeloom');
    expect(fileName('C:\\x\\y.nodeloom')).toBe('y.nodeloom');
    expect(joinPath('/work', 'a.nodeloom')).toBe('/work/a.nodeloom');
    expect(joinPath('C:\\work', 'a.nodeloom')).toBe('C:\\work\\a.nodeloom');
    expect(windowTitle('/w/name.nodeloom', true)).toBe('• name.nodeloom — Nodeloom');
    expect(windowTitle(null, false)).toBe('Untitled — Nodeloom');
  });
});

describe('window title', () => {
  it('marks unsaved changes after an edit and clears the marker on save', async () => {
    const host = fakeHost();
    const { studio } = renderStudio(shell, {
      host,
      doc: pricedGraph(),
      filePath: '/work/a.nodeloom',
    });
    disconnect = connectStudio(studio, host);
    expect(document.title).toBe('a.nodeloom — Nodeloom');

    act(() =>
      studio.graph.getState().dispatch({
        type: 'setParam',
        nodeId: nodeId('n1'),
        key: 'text',
        value: 'a dog',
      }),
    );
    expect(document.title).toBe('• a.nodeloom — Nodeloom');

    fireEvent.click(screen.getByTestId('btn-save'));
    await waitFor(() => expect(document.title).toBe('a.nodeloom — Nodeloom'));
    const [written] = host.callsOf('workflow.write');
    expect(written?.path).toBe('/work/a.nodeloom');
    expect(JSON.parse(written!.text).graph.nodes[0].params.text).toBe('a dog');
    expect(rememberedPath()).toBe('/work/a.nodeloom');
  });

  it('Save of an untitled document asks for a name in the app dialog (Enter confirms)', async () => {
    const host = workspaceHost();
    const { studio } = renderStudio(shell, { host, doc: pricedGraph() });
    disconnect = connectStudio(studio, host);
    act(() =>
      studio.graph.getState().dispatch({ type: 'moveNodes', positions: { n1: { x: 5, y: 5 } } }),
    );
    expect(document.title).toBe('• Untitled — Nodeloom');

    fireEvent.click(screen.getByTestId('btn-save'));
    await screen.findByTestId('file-dialog');
    await screen.findAllByTestId('file-dialog-entry');
    const name = screen.getByTestId('file-dialog-name') as HTMLInputElement;
    expect(name.value).toBe('Untitled.nodeloom');
    fireEvent.change(name, { target: { value: 'portrait' } });
    fireEvent.submit(name.form!);

    await waitFor(() => expect(document.title).toBe('portrait.nodeloom — Nodeloom'));
    expect(host.callsOf('workflow.write').map((c) => c.path)).toEqual(['/work/portrait.nodeloom']);
    expect(screen.queryByTestId('file-dialog')).toBeNull();
  });
});

describe('unsaved changes on leaving', () => {
  it('a browser page asks before unloading with unsaved changes', () => {
    const host = fakeHost();
    const { studio } = renderStudio(shell, { host, doc: pricedGraph() });
    disconnect = connectStudio(studio, host);
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    act(() =>
      studio.graph.getState().dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 2 } } }),
    );
    expect(unload()).toBe(true);
  });

  it('the desktop shell is told instead (it asks before closing)', () => {
    const setDirty = vi.fn();
    window.nodeloom = {
      call: vi.fn(),
      on: vi.fn(),
      imageUrl: vi.fn(),
      thumbUrl: vi.fn(),
      setDirty,
    } as never;
    try {
      const host = fakeHost();
      const { studio } = renderStudio(shell, { host, doc: pricedGraph() });
      disconnect = connectStudio(studio, host);
      act(() =>
        studio.graph.getState().dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 2 } } }),
      );
      act(() => studio.graph.getState().undo());
      expect(setDirty.mock.calls).toEqual([[false], [true], [false]]);
      const event = new Event('beforeunload', { cancelable: true });
      act(() => studio.graph.getState().redo());
      window.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(false);
    } finally {
      delete window.nodeloom;
    }
  });
});

describe('open', () => {
  it('opens a file chosen in the app dialog', async () => {
    const host = workspaceHost();
    const { studio } = renderStudio(shell, { host });
    fireEvent.click(screen.getByTestId('btn-open'));
    const entries = await screen.findAllByTestId('file-dialog-entry');
    expect(entries.map((e) => e.getAttribute('data-name'))).toEqual([
      'sub',
      'bad.nodeloom',
      'good.nodeloom',
    ]);
    fireEvent.click(entries[2]!);
    fireEvent.click(screen.getByTestId('file-dialog-confirm'));
    await waitFor(() => expect(studio.graph.getState().filePath).toBe('/work/good.nodeloom'));
    expect(studio.graph.getState().doc.nodes).toHaveLength(4);
    expect(rememberedPath()).toBe('/work/good.nodeloom');
  });

  it('a bad file shows the error with its JSON path and changes nothing', async () => {
    const host = workspaceHost();
    const doc = pricedGraph();
    const { studio } = renderStudio(shell, { host, doc, filePath: '/work/mine.nodeloom' });
    fireEvent.click(screen.getByTestId('btn-open'));
    await screen.findAllByTestId('file-dialog-entry');
    fireEvent.change(screen.getByTestId('file-dialog-name'), {
      target: { value: 'bad.nodeloom' },
    });
    fireEvent.click(screen.getByTestId('file-dialog-confirm'));
    const notice = await screen.findByTestId('notice-error');
    expect(notice.textContent).toContain('bad.nodeloom');
    expect(notice.textContent).toContain('graph.nodes[0].position.x');
    expect(studio.graph.getState().doc).toEqual(doc);
    expect(studio.graph.getState().filePath).toBe('/work/mine.nodeloom');

    // A good file afterwards withdraws the error.
    fireEvent.click(screen.getByTestId('btn-open'));
    await screen.findAllByTestId('file-dialog-entry');
    fireEvent.change(screen.getByTestId('file-dialog-name'), { target: { value: 'good' } });
    fireEvent.click(screen.getByTestId('file-dialog-confirm'));
    await waitFor(() => expect(studio.graph.getState().filePath).toBe('/work/good.nodeloom'));
    expect(screen.queryByTestId('notice-error')).toBeNull();
  });

  it('asks before discarding unsaved changes, and keeps them when told to', async () => {
    const host = workspaceHost();
    const { studio } = renderStudio(shell, { host, doc: emptyGraph() });
    act(() =>
      studio.graph
        .getState()
        .paste({ kind: 'nodeloom.clipboard', nodes: pricedGraph().nodes, edges: [] }),
    );
    fireEvent.click(screen.getByTestId('btn-new'));
    await screen.findByTestId('confirm-dialog');
    fireEvent.click(screen.getByTestId('confirm-dialog-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(studio.graph.getState().doc.nodes).toHaveLength(4);

    fireEvent.click(screen.getByTestId('btn-new'));
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    await waitFor(() => expect(studio.graph.getState().doc.nodes).toHaveLength(0));
  });

  it('uses the native dialogs when the host has them', async () => {
    const host = fakeHost({
      'workflow.openDialog': () => ({ path: '/x/native.nodeloom', text: goodText }),
    });
    const { studio } = renderStudio(shell, { host, info: { nativeDialogs: true } });
    fireEvent.click(screen.getByTestId('btn-open'));
    await waitFor(() => expect(studio.graph.getState().filePath).toBe('/x/native.nodeloom'));
    expect(screen.queryByTestId('file-dialog')).toBeNull();
  });
});

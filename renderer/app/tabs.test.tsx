import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { createWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { isDirty } from '../store/selectors';
import { App } from './App';
import { appInfo, fakeHost, pricedGraph, registry, settingsView } from './appTestKit';
import { createTabs } from './tabs';
import type { Tabs } from './tabs';

let tabs: Tabs | undefined;
afterEach(() => {
  tabs?.dispose();
  tabs = undefined;
  cleanup();
  sessionStorage.clear();
});

const make = (host = fakeHost()) => {
  tabs = createTabs({
    host,
    registry,
    info: appInfo(),
    settings: settingsView(),
    catalogErrors: [],
  });
  return { host, tabs };
};

const started = (runId: string) => ({
  type: 'run-started' as const,
  runId,
  at: 1,
  nodeIds: [nodeId('n1')],
  estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
});

describe('tabs', () => {
  it('share the settings of now: a tab opened after the budget changed asks before running over it', async () => {
    const host = fakeHost({ 'run.start': () => ({ ok: true, runId: 'run-1' }) });
    const { tabs } = make(host); // no budget at start-up
    const first = tabs.add();
    host.emit('settings.changed', settingsView({ budgetUsd: 0.01 }));
    const second = tabs.add();
    expect(second.studio.settings).toBe(first.studio.settings);
    second.studio.graph.getState().load(pricedGraph(), null);
    const running = second.studio.controller.runs.run();
    await waitFor(() => expect(second.studio.ui.getState().dialogs).toHaveLength(1));
    const asked = second.studio.ui.getState().dialogs[0]!;
    expect(asked.kind === 'confirm' && asked.message).toContain('above your budget of $0.01');
    second.studio.ui.getState().closeTop(); // declined
    expect(await running).toBe(false);
    expect(host.callsOf('run.start')).toHaveLength(0);
  });

  it('keep separate documents, undo histories and selections', () => {
    const { tabs } = make();
    const a = tabs.add().studio.graph;
    const b = tabs.add().studio.graph;
    a.getState().load(pricedGraph(), '/work/a.nodeloom');
    b.getState().load(pricedGraph(), '/work/b.nodeloom');
    const setText = (g: typeof a, text: string) =>
      g.getState().dispatch({ type: 'setParam', nodeId: nodeId('n1'), key: 'text', value: text });
    setText(a, 'only in A');
    a.getState().setSelection([nodeId('n1')], []);
    expect(b.getState().doc.nodes[0]!.params.text).not.toBe('only in A');
    expect(b.getState().selectedNodeIds).toEqual([]);
    expect(isDirty(b.getState())).toBe(false);
    expect(b.getState().past).toHaveLength(0);

    setText(b, 'only in B');
    a.getState().undo();
    expect(a.getState().doc.nodes[0]!.params.text).not.toBe('only in A');
    expect(b.getState().doc.nodes[0]!.params.text).toBe('only in B');
    expect(a.getState().selectedNodeIds).toEqual([nodeId('n1')]);
  });

  it("deliver a run's events only to the tab that started it, also in the background", async () => {
    let next = 0;
    const host = fakeHost({ 'run.start': () => ({ ok: true, runId: `run-${++next}` }) });
    const { tabs } = make(host);
    const a = tabs.add();
    const b = tabs.add();
    a.studio.graph.getState().load(pricedGraph(), null);
    b.studio.graph.getState().load(pricedGraph(), null);
    // The run-started event overtakes the host's answer to run.start.
    host.emit('run.event', started('run-1'));
    await a.studio.controller.runs.run();
    expect(a.studio.run.getState().activeRunId).toBe('run-1');
    expect(b.studio.run.getState().activeRunId).toBeNull();

    tabs.activate(b.id); // A is in the background now
    host.emit('run.event', {
      type: 'node',
      runId: 'run-1',
      at: 2,
      nodeId: nodeId('n1'),
      state: 'running',
    });
    expect(a.studio.run.getState().nodes.n1?.state).toBe('running');
    expect(b.studio.run.getState().nodes).toEqual({});
    host.emit('run.event', started('someone-else'));
    expect(b.studio.run.getState().activeRunId).toBeNull();
    expect(a.studio.run.getState().activeRunId).toBe('run-1');
  });

  it('closing an unsaved tab asks, then drops its autosaved copy', async () => {
    const { host, tabs } = make();
    const a = tabs.add();
    a.studio.graph.getState().load(pricedGraph(), null);
    a.studio.graph.getState().selectAll();
    a.studio.graph.getState().deleteSelection();
    await a.autosave.flush();
    expect(host.callsOf('recovery.save').map((e) => e.key)).toEqual([a.id]);
    const closing = tabs.close(a.id);
    const dialog = a.studio.ui.getState().dialogs[0];
    expect(dialog?.kind).toBe('confirm');
    if (dialog?.kind === 'confirm') dialog.resolve(true);
    expect(await closing).toBe(true);
    expect(host.callsOf('recovery.discard')).toEqual([{ key: a.id }]);
    // The last tab closed leaves a blank one behind.
    expect(tabs.store.getState().tabs.map((t) => t.id)).not.toContain(a.id);
    expect(tabs.store.getState().tabs).toHaveLength(1);
  });

  it('switch with Ctrl+Tab, close with Ctrl+W and ask before dropping unsaved changes', async () => {
    const text = serializeWorkflow(createWorkflow(pricedGraph()));
    const host = fakeHost({ 'workflow.read': ({ path }) => ({ path, text }) });
    render(<App host={host} />);
    await screen.findByTestId('tab-bar');
    const titles = () => screen.getAllByTestId('tab-title').map((t) => t.textContent);
    const activeTitle = () =>
      screen.getAllByTestId('tab').find((t) => t.dataset.active === 'true')!.textContent;

    // The blank first tab is reused; the next Open gets its own tab.
    await host.emitWhenListening('app.command', {
      command: 'file.open',
      path: '/work/one.nodeloom',
    });
    await waitFor(() => expect(titles()).toEqual(['one.nodeloom']), { timeout: 5000 });
    await host.emitWhenListening('app.command', {
      command: 'file.open',
      path: '/work/two.nodeloom',
    });
    await waitFor(() => expect(titles()).toEqual(['one.nodeloom', 'two.nodeloom']), {
      timeout: 5000,
    });
    expect(activeTitle()).toContain('two.nodeloom');
    fireEvent.click(screen.getByTestId('btn-new'));
    await waitFor(() => expect(titles()).toHaveLength(3));

    fireEvent.keyDown(window, { key: 'Tab', ctrlKey: true });
    expect(activeTitle()).toContain('one.nodeloom');
    fireEvent.keyDown(window, { key: 'Tab', ctrlKey: true, shiftKey: true });
    expect(activeTitle()).toContain('Untitled');

    // Make "one" unsaved, then close it: asked, kept, then closed.
    fireEvent.click(screen.getAllByTestId('tab')[0]!);
    await act(async () => fireEvent.keyDown(window, { key: 'Delete' }));
    fireEvent.keyDown(window, { key: 'a', ctrlKey: true });
    await act(async () => fireEvent.keyDown(window, { key: 'Delete' }));
    await waitFor(() => expect(titles()[0]).toBe('• one.nodeloom'));
    fireEvent.keyDown(window, { key: 'w', ctrlKey: true });
    await screen.findByTestId('confirm-dialog');
    fireEvent.click(screen.getByTestId('confirm-dialog-cancel'));
    await waitFor(() => expect(titles()).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('tab-close')[0]!);
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    await waitFor(() => expect(titles()).toEqual(['two.nodeloom', 'Untitled']));

    // A clean tab closes without a question; the last one leaves a blank tab behind.
    fireEvent.click(screen.getAllByTestId('tab-close')[0]!);
    await waitFor(() => expect(titles()).toEqual(['Untitled']));
    fireEvent.click(screen.getByTestId('tab-close'));
    await waitFor(() => expect(titles()).toEqual(['Untitled']));
    fireEvent.click(screen.getByTestId('tab-new'));
    await waitFor(() => expect(titles()).toEqual(['Untitled', 'Untitled']));
  });

  it('the desktop menu opens, switches and closes tabs (New Tab, Next/Previous Tab, Close Tab)', async () => {
    const host = fakeHost();
    render(<App host={host} />);
    await screen.findByTestId('tab-bar');
    const count = () => screen.getAllByTestId('tab').length;
    const activeIndex = () =>
      screen.getAllByTestId('tab').findIndex((t) => t.dataset.active === 'true');
    await host.emitWhenListening('app.command', { command: 'tab.new' });
    await waitFor(() => expect(count()).toBe(2));
    expect(activeIndex()).toBe(1);
    act(() => host.emit('app.command', { command: 'tab.next' }));
    expect(activeIndex()).toBe(0);
    act(() => host.emit('app.command', { command: 'tab.previous' }));
    expect(activeIndex()).toBe(1);
    act(() => host.emit('app.command', { command: 'tab.close' }));
    await waitFor(() => expect(count()).toBe(1));
    fireEvent.keyDown(window, { key: 't', ctrlKey: true });
    await waitFor(() => expect(count()).toBe(2));
  });
});

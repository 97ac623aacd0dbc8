import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueItemView, QueueView } from '../../../shared/contract/hostApi';
import { nodeId } from '../../../shared/graph/ids';
import {
  appInfo,
  fakeHost,
  pricedGraph,
  registry,
  renderStudio,
  settingsView,
} from '../appTestKit';
import { createTabs } from '../tabs';
import type { Tabs } from '../tabs';
import { RunStatus } from '../RunStatus';
import { Toolbar } from '../Toolbar';
import { QueuePanel } from './QueuePanel';
import { ownerKeyOf } from './queueClient';

let tabs: Tabs | undefined;
afterEach(() => {
  tabs?.dispose();
  tabs = undefined;
  cleanup();
});

const item = (over: Partial<QueueItemView> = {}): QueueItemView => ({
  itemId: 'q-1',
  state: 'waiting',
  name: 'harbour.nodeloom',
  createdAt: Date.UTC(2026, 11, 6, 5, 30),
  nodeCount: 4,
  jobCount: 2,
  estimate: { knownUsd: 0.3, unknownNodes: [], perNode: { n3: 0.15, n4: 0.15 } },
  sketch: {
    nodes: [
      { x: 0, y: 0, kind: 'prompt' },
      { x: 300, y: 0, kind: 'model' },
    ],
    edges: [[0, 1]],
  },
  prompt: 'a harbour at dusk',
  ...over,
});

const view = (items: QueueItemView[], paused = false): QueueView => ({ items, paused });

describe('Run during a run', () => {
  it('queues the graph as it is now, with the tab’s name and owner, instead of starting a run; the panel shows it', async () => {
    const queued = view([item({ itemId: 'q-new' })]);
    const host = fakeHost({ 'queue.add': () => ({ ok: true, itemId: 'q-new', queue: queued }) });
    const { studio } = renderStudio(
      <>
        <Toolbar />
        <QueuePanel />
      </>,
      { host, doc: pricedGraph(), filePath: '/work/harbour.nodeloom' },
    );
    act(() => studio.run.getState().started('run-1'));
    const button = screen.getByTestId('btn-run');
    expect(button).toHaveProperty('disabled', false);
    expect(button.textContent).toBe('Queue · $0.30');
    fireEvent.click(button);
    await waitFor(() => expect(host.callsOf('queue.add')).toHaveLength(1));
    expect(host.callsOf('run.start')).toHaveLength(0);
    const [input] = host.callsOf('queue.add');
    expect(input).toEqual({
      run: { graph: studio.graph.getState().doc, workflowPath: '/work/harbour.nodeloom' },
      name: 'harbour.nodeloom',
      owner: ownerKeyOf(studio.run),
    });
    // The panel opens on the new item.
    expect(await screen.findByTestId('queue-panel')).toBeTruthy();
    expect(screen.getAllByTestId('queue-item')).toHaveLength(1);
    // Opened by queueing, it goes away once the queue has run empty.
    act(() => host.emit('queue.changed', view([])));
    expect(screen.queryByTestId('queue-panel')).toBeNull();
  });

  it('leaves the panel open when the user opened it', async () => {
    const host = fakeHost();
    renderStudio(
      <>
        <Toolbar />
        <QueuePanel />
      </>,
      { host },
    );
    fireEvent.click(screen.getByTestId('btn-queue'));
    act(() => host.emit('queue.changed', view([])));
    expect(screen.getByTestId('queue-panel')).toBeTruthy();
  });

  it('runs at once when nothing runs and nothing waits', async () => {
    const host = fakeHost();
    renderStudio(<Toolbar />, { host, doc: pricedGraph() });
    expect(screen.getByTestId('btn-run').textContent).toBe('Run · $0.30');
    fireEvent.click(screen.getByTestId('btn-run'));
    await waitFor(() => expect(host.callsOf('run.start')).toHaveLength(1));
    expect(host.callsOf('queue.add')).toHaveLength(0);
  });
});

describe('the queue panel', () => {
  const open = async (items: QueueItemView[], paused = false) => {
    const host = fakeHost({
      'queue.list': () => view(items, paused),
      'queue.move': () => view(items, paused),
      'queue.pause': ({ paused: p }) => view(items, p),
      'queue.cancel': () => ({ cancelled: true, queue: view(items, paused) }),
      'queue.retry': () => view(items, paused),
    });
    const harness = renderStudio(
      <>
        <Toolbar />
        <QueuePanel />
      </>,
      { host },
    );
    await waitFor(() =>
      expect(screen.getByTestId('btn-queue').textContent).toContain(`${items.length}`),
    );
    fireEvent.click(screen.getByTestId('btn-queue'));
    return harness;
  };

  it('lists each item with its name, state, nodes, jobs and estimate, in order', async () => {
    await open([item(), item({ itemId: 'q-2', name: 'Untitled', state: 'running', runId: 'r' })]);
    const rows = screen.getAllByTestId('queue-item');
    expect(rows.map((r) => r.dataset['state'])).toEqual(['waiting', 'running']);
    expect(within(rows[0]!).getByTestId('queue-item-facts').textContent).toBe(
      '4 nodes · 2 jobs · $0.30',
    );
    // The workflow's name without its extension, and the prompt that tells snapshots apart.
    expect(rows[0]!.querySelector('.queue-name')!.textContent).toBe('harbour');
    expect(within(rows[0]!).getByTestId('queue-item-prompt').textContent).toBe('a harbour at dusk');
    expect(rows[0]!.querySelectorAll('rect')).toHaveLength(2);
    // A running item is neither moved nor dragged; it can be cancelled.
    expect(within(rows[1]!).queryByTestId('queue-up')).toBeNull();
    expect(rows[1]!.getAttribute('draggable')).toBe('false');
  });

  it('moves with the arrows and by dragging, cancels and pauses through the host', async () => {
    const { host } = await open([item(), item({ itemId: 'q-2' }), item({ itemId: 'q-3' })]);
    const rows = screen.getAllByTestId('queue-item');
    expect(within(rows[0]!).getByTestId('queue-up')).toHaveProperty('disabled', true);
    fireEvent.click(within(rows[1]!).getByTestId('queue-up'));
    fireEvent.click(within(rows[1]!).getByTestId('queue-down'));
    const data = new Map<string, string>();
    const dataTransfer = {
      setData: (k: string, v: string) => data.set(k, v),
      getData: (k: string) => data.get(k) ?? '',
      get types() {
        return [...data.keys()];
      },
      effectAllowed: '',
    };
    fireEvent.dragStart(rows[2]!, { dataTransfer });
    fireEvent.dragOver(rows[0]!, { dataTransfer });
    fireEvent.drop(rows[0]!, { dataTransfer });
    fireEvent.click(within(rows[0]!).getByTestId('queue-cancel'));
    fireEvent.click(screen.getByTestId('queue-pause'));
    await waitFor(() => expect(host.callsOf('queue.pause')).toEqual([{ paused: true }]));
    expect(host.callsOf('queue.move')).toEqual([
      { itemId: 'q-2', index: 0 },
      { itemId: 'q-2', index: 2 },
      { itemId: 'q-3', index: 0 },
    ]);
    expect(host.callsOf('queue.cancel')).toEqual([{ itemId: 'q-1' }]);
  });

  it('says why an interrupted item waits and offers to run it again', async () => {
    const { host } = await open(
      [item({ state: 'interrupted', runId: 'r', message: 'The app stopped during this run.' })],
      true,
    );
    expect(screen.getByTestId('queue-paused')).toBeTruthy();
    expect(screen.getByTestId('btn-queue').textContent).toBe('Queue · 1 (paused)');
    const row = screen.getByTestId('queue-item');
    expect(row.textContent).toContain('The app stopped during this run.');
    fireEvent.click(within(row).getByTestId('queue-retry'));
    await waitFor(() => expect(host.callsOf('queue.retry')).toEqual([{ itemId: 'q-1' }]));
  });
});

describe('the status bar', () => {
  it('says how many runs wait in the queue, and when it is paused', async () => {
    const host = fakeHost({
      'queue.list': () => view([item(), item({ itemId: 'q-2', state: 'refused' })], true),
    });
    renderStudio(<RunStatus />, { host });
    expect((await screen.findByTestId('run-status-queued')).textContent).toBe('1 queued (paused)');
    act(() => host.emit('queue.changed', view([])));
    expect(screen.queryByTestId('run-status-queued')).toBeNull();
  });
});

describe('a queued run the host starts', () => {
  it('is shown in the tab that queued it, also in the background, and in no other', () => {
    const host = fakeHost();
    tabs = createTabs({
      host,
      registry,
      info: appInfo(),
      settings: settingsView(),
      catalogErrors: [],
    });
    const a = tabs.add();
    const b = tabs.add();
    tabs.activate(b.id);
    host.emit(
      'queue.changed',
      view([item({ state: 'running', runId: 'run-q', owner: ownerKeyOf(a.studio.run) })]),
    );
    expect(a.studio.run.getState().activeRunId).toBe('run-q');
    expect(b.studio.run.getState().activeRunId).toBeNull();
    host.emit('run.event', {
      type: 'node',
      runId: 'run-q',
      at: 2,
      nodeId: nodeId('n1'),
      state: 'running',
    });
    expect(a.studio.run.getState().nodes['n1']?.state).toBe('running');
    expect(b.studio.run.getState().nodes).toEqual({});
  });
});

import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { App } from './App';
import { appInfo, fakeHost, models, pricedGraph } from './appTestKit';
import { rememberPath } from './files';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('App', () => {
  it('loads, then shows the editor with the emulated banner', async () => {
    const host = fakeHost();
    render(<App host={host} />);
    expect(screen.getByTestId('loading')).toBeTruthy();
    const banner = await screen.findByTestId('emulated-banner');
    expect(banner.textContent).toBe(
      'Providers are emulated: no real jobs are sent and nothing is billed.',
    );
    for (const id of [
      'btn-new',
      'btn-open',
      'btn-save',
      'btn-save-as',
      'btn-run',
      'btn-settings',
    ]) {
      expect(screen.getByTestId(id)).toBeTruthy();
    }
    expect(screen.queryByTestId('btn-cancel')).toBeNull();
    await waitFor(() => expect(document.title).toBe('Untitled — Nodeloom'));
  });

  it('has no banner against real providers', async () => {
    render(<App host={fakeHost({ 'app.info': () => appInfo({ emulated: false }) })} />);
    await screen.findByTestId('btn-run');
    expect(screen.queryByTestId('emulated-banner')).toBeNull();
  });

  it('says plainly when the host cannot be reached, and retries', async () => {
    let up = false;
    const host = fakeHost({
      'app.info': () => {
        if (!up) throw new TypeError('Failed to fetch');
        return appInfo();
      },
    });
    render(<App host={host} />);
    const fatal = await screen.findByTestId('fatal-error');
    expect(fatal.textContent).toContain('Cannot reach the Nodeloom host');
    up = true;
    fireEvent.click(screen.getByText('Retry'));
    await screen.findByTestId('btn-run');
  });

  it('shows catalog errors as a dismissible warning', async () => {
    const host = fakeHost({
      'catalog.get': () => ({ models, errors: ['runflow/x.json: pricing.usd: expected number'] }),
    });
    render(<App host={host} />);
    // The studio is up (its first tab made), so the warning found is the one that stays.
    await screen.findByTestId('btn-run');
    const warning = await screen.findByTestId('notice-warning');
    expect(warning.textContent).toContain('runflow/x.json: pricing.usd');
    fireEvent.click(within(warning).getByTestId('notice-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('notice-warning')).toBeNull());
  });

  it('follows the host: run events, settings changes and menu commands', async () => {
    const text = serializeWorkflow(createWorkflow(pricedGraph()));
    const host = fakeHost({ 'workflow.read': ({ path }) => ({ path, text }) });
    render(<App host={host} />);
    await screen.findByTestId('btn-run');
    await host.emitWhenListening('app.command', {
      command: 'file.open',
      path: '/work/menu.nodeloom',
    });
    await waitFor(() => expect(document.title).toBe('menu.nodeloom — Nodeloom'));
    expect(screen.getByTestId('btn-run').textContent).toBe('Run · $0.30');

    const started = (runId: string) =>
      host.emit('run.event', {
        type: 'run-started',
        runId,
        at: 1,
        nodeIds: [],
        estimate: { knownUsd: 0.3, unknownNodes: [], perNode: {} },
      });
    // A run this window did not start (another window's) is not shown.
    started('r9');
    expect(screen.queryByTestId('btn-cancel')).toBeNull();
    // Its own run: the event may come before or after the host's answer to run.start.
    started('run-1');
    fireEvent.click(screen.getByTestId('btn-run'));
    await screen.findByTestId('btn-cancel');
    fireEvent.click(screen.getByTestId('btn-cancel'));
    await waitFor(() => expect(host.callsOf('run.cancel')).toEqual([{ runId: 'run-1' }]));

    await host.emitWhenListening('app.command', { command: 'app.settings' });
    await screen.findByTestId('settings-dialog');
  });

  it('offers to reopen the file that was open before a reload', async () => {
    rememberPath('/work/before.nodeloom');
    const text = serializeWorkflow(createWorkflow(pricedGraph()));
    const host = fakeHost({ 'workflow.read': ({ path }) => ({ path, text }) });
    render(<App host={host} />);
    const offer = await screen.findByTestId('notice-info');
    expect(offer.textContent).toContain('before.nodeloom');
    fireEvent.click(screen.getByTestId('notice-action'));
    await waitFor(() => expect(document.title).toBe('before.nodeloom — Nodeloom'));
    expect(screen.queryByTestId('notice-info')).toBeNull();
  });

  it('withdraws the reopen offer once another file is opened', async () => {
    rememberPath('/work/before.nodeloom');
    const text = serializeWorkflow(createWorkflow(pricedGraph()));
    const host = fakeHost({ 'workflow.read': ({ path }) => ({ path, text }) });
    render(<App host={host} />);
    await screen.findByTestId('notice-info');
    await host.emitWhenListening('app.command', {
      command: 'file.open',
      path: '/work/other.nodeloom',
    });
    await waitFor(() => expect(document.title).toBe('other.nodeloom — Nodeloom'));
    expect(screen.queryByTestId('notice-info')).toBeNull();
  });

  it('runs the menu commands for the canvas: panels, delete, undo', async () => {
    const text = serializeWorkflow(createWorkflow(pricedGraph()));
    const host = fakeHost({ 'workflow.read': ({ path }) => ({ path, text }) });
    render(<App host={host} />);
    await screen.findByTestId('btn-run');
    await host.emitWhenListening('app.command', {
      command: 'file.openPath',
      path: '/work/os.nodeloom',
    });
    await screen.findByTestId('node-n1');
    await host.emitWhenListening('app.command', { command: 'view.togglePanels' });
    await waitFor(() => expect(screen.queryByTestId('node-library')).toBeNull());
    fireEvent.keyDown(window, { key: '\\', ctrlKey: true });
    await screen.findByTestId('node-library');

    await host.emitWhenListening('app.command', { command: 'edit.selectAll' });
    fireEvent.keyDown(window, { key: 'Delete' });
    await waitFor(() => expect(screen.queryByTestId('node-n1')).toBeNull());
    expect(document.title).toBe('• os.nodeloom — Nodeloom');
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await screen.findByTestId('node-n1');
    expect(document.title).toBe('os.nodeloom — Nodeloom');
  });
});

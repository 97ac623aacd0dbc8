import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRuns } from './historyActions';
import { RUNS, img, listItem, openRun, record, runGraph, setup } from './historyTestKit';
import type { RunRecord } from './historyTestKit';

afterEach(cleanup);

describe('HistoryPanel: deleting a run', () => {
  const listed = () =>
    screen.getAllByTestId('history-run').map((c) => c.getAttribute('data-run-id'));

  it('asks first, saying the images stay in the result cache; then the run leaves the gallery', async () => {
    const { host } = setup();
    const details = await openRun('old');
    fireEvent.click(within(details).getByTestId('history-delete'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Delete this run?');
    expect(dialog.textContent).toContain('wf-old');
    expect(dialog.textContent).toMatch(/image stays in the result cache/);
    expect(host.callsOf('history.delete')).toEqual([]);

    fireEvent.click(within(dialog).getByTestId('confirm-dialog-confirm'));
    await waitFor(() => expect(host.callsOf('history.delete')).toEqual([{ runIds: ['old'] }]));
    // Back to the gallery, without the deleted run.
    await waitFor(() => expect(screen.queryByTestId('history-details')).toBeNull());
    await waitFor(() => expect(listed()).toEqual(['new']));
    expect(screen.getByTestId('notice-info').textContent).toMatch(
      /Deleted the run; its images stay in the result cache/,
    );
    // The list was read again from the host, which no longer has it.
    const lists = host.callsOf('history.list').length;
    fireEvent.click(screen.getByText('Refresh'));
    await waitFor(() => expect(host.callsOf('history.list').length).toBe(lists + 1));
    expect(listed()).toEqual(['new']);
  });

  it('deletes nothing when the user cancels', async () => {
    const { host } = setup();
    const details = await openRun('new');
    fireEvent.click(within(details).getByTestId('history-delete'));
    fireEvent.click(await screen.findByTestId('confirm-dialog-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(host.callsOf('history.delete')).toEqual([]);
    expect(screen.getByTestId('history-details').getAttribute('data-run-id')).toBe('new');
  });

  it('cannot delete a run in progress: the button is off, and a refusal is said', async () => {
    const running: RunRecord = { ...record('live', 3_000_000, img('c')), status: 'running' };
    const { host, studio } = setup(runGraph(), [...RUNS, running]);
    const details = await openRun('live');
    const button = within(details).getByTestId('history-delete') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toMatch(/in progress cannot be deleted/);

    // Should the run start again between the look and the click, the host says no.
    const deps = { host, ui: studio.ui };
    const result = deleteRuns(deps, [running]);
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    expect(await result).toEqual([]);
    expect(screen.getByTestId('notice-warning').textContent).toMatch(
      /not deleted: a run still in progress cannot be deleted/,
    );
  });

  it('says so when the host cannot delete', async () => {
    const { host, studio } = setup();
    const failing = {
      ...host,
      call: (() => Promise.reject(new Error('disk is read-only'))) as typeof host.call,
    };
    const result = deleteRuns({ host: failing, ui: studio.ui }, [listItem(RUNS[0]!)]);
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    expect(await result).toEqual([]);
    expect(screen.getByTestId('notice-error').textContent).toMatch(
      /Could not delete: disk is read-only/,
    );
  });
});

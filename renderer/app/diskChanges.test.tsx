import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { App } from './App';
import { fakeHost, pricedGraph } from './appTestKit';
import { sha256Hex } from './diskChanges';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const ours = serializeWorkflow(createWorkflow(pricedGraph(), { name: 'ours' }));
const theirs = serializeWorkflow(createWorkflow(pricedGraph(), { name: 'theirs' }));

/** A host whose file is `disk.text`: read and stat see the same bytes. */
function diskHost() {
  const disk = { text: ours };
  const host = fakeHost({
    'workflow.read': ({ path }) => ({ path, text: disk.text }),
    'workflow.stat': async () => ({
      exists: true,
      mtimeMs: 1,
      size: disk.text.length,
      sha256: await sha256Hex(disk.text),
    }),
    'workflow.write': ({ path, text }) => {
      disk.text = text;
      return { path };
    },
  });
  return { host, disk };
}

async function openFile(host: ReturnType<typeof fakeHost>) {
  render(<App host={host} />);
  await screen.findByTestId('tab-bar');
  await host.emitWhenListening('app.command', { command: 'file.open', path: '/work/a.nodeloom' });
  await waitFor(() => expect(document.title).toBe('a.nodeloom — Nodeloom'));
}

/**
 * Focuses the window and waits until the check it starts has ended: checks run one
 * at a time, so the check a second focus queues asks for the file's state only
 * after the first one finished.
 */
async function checkedOnFocus(host: ReturnType<typeof fakeHost>) {
  const before = host.callsOf('workflow.stat').length;
  fireEvent.focus(window);
  fireEvent.focus(window);
  await waitFor(() =>
    expect(host.callsOf('workflow.stat').length).toBeGreaterThanOrEqual(before + 2),
  );
}

describe('changed on disk', () => {
  it('hashes text as the host does', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('says nothing while the file is as opened, then offers Reload when another program changed it', async () => {
    const { host, disk } = diskHost();
    await openFile(host);
    fireEvent.focus(window);
    await waitFor(() => expect(host.callsOf('workflow.stat').length).toBeGreaterThan(0));
    expect(screen.queryByTestId('disk-changed')).toBeNull();

    disk.text = theirs;
    fireEvent.focus(window);
    const notice = await screen.findByTestId('disk-changed');
    expect(notice.textContent).toContain('a.nodeloom was changed on disk');
    const reads = host.callsOf('workflow.read').length;
    fireEvent.click(screen.getByTestId('disk-reload'));
    await waitFor(() => expect(host.callsOf('workflow.read')).toHaveLength(reads + 1));
    await waitFor(() => expect(screen.queryByTestId('disk-changed')).toBeNull());
    // What was reloaded is the new baseline.
    await checkedOnFocus(host);
    expect(screen.queryByTestId('disk-changed')).toBeNull();
  });

  it('Keep mine hides the notice; the next save asks before overwriting', async () => {
    const { host, disk } = diskHost();
    await openFile(host);
    disk.text = theirs;
    fireEvent.focus(window);
    await screen.findByTestId('disk-changed');
    fireEvent.click(screen.getByTestId('disk-keep'));
    expect(screen.queryByTestId('disk-changed')).toBeNull();
    await checkedOnFocus(host);
    expect(screen.queryByTestId('disk-changed')).toBeNull();

    fireEvent.click(screen.getByTestId('btn-save'));
    const confirm = await screen.findByTestId('confirm-dialog');
    expect(confirm.textContent).toContain('changed by another program');
    fireEvent.click(screen.getByTestId('confirm-dialog-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(host.callsOf('workflow.write')).toHaveLength(0);
    expect(disk.text).toBe(theirs);

    fireEvent.click(screen.getByTestId('btn-save'));
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    await waitFor(() => expect(host.callsOf('workflow.write')).toHaveLength(1));
    expect(disk.text).not.toBe(theirs);
    // Our own save is not "a change on disk".
    await checkedOnFocus(host);
    expect(screen.queryByTestId('disk-changed')).toBeNull();
  });
});

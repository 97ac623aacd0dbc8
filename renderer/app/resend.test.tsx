import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { requestResend } from '../canvas/resendNode';
import { pricedGraph, renderStudio } from './appTestKit';
import { Dialogs } from './Dialogs';
import { RunStatus } from './RunStatus';
import { connectActive } from './studioSession';

afterEach(cleanup);

/** The Resend action of a held node: the user confirms, then run.start resends that node. */
describe('resending a held node', () => {
  function setup() {
    const doc = pricedGraph();
    const h = renderStudio(<Dialogs />, { doc });
    const off = connectActive(h.studio, h.host, window);
    const model = doc.nodes.find((n) => n.type.startsWith('model:'))!.id;
    return { ...h, off, model };
  }

  it('asks first, then starts a run of that node with resend set to it', async () => {
    const { host, off, model } = setup();
    try {
      requestResend(document.body, model);
      const dialog = await screen.findByTestId('confirm-dialog');
      expect(dialog.textContent).toMatch(/may already have created \(and billed\) the job/);
      expect(host.callsOf('run.start')).toHaveLength(0);
      fireEvent.click(screen.getByTestId('confirm-dialog-confirm'));
      await waitFor(() => expect(host.callsOf('run.start')).toHaveLength(1));
      expect(host.callsOf('run.start')[0]).toMatchObject({ targets: [model], resend: [model] });
    } finally {
      off();
    }
  });

  it('while a run is going, says to wait instead of asking and sending nothing', async () => {
    const { host, studio, off, model } = setup();
    try {
      act(() => studio.run.getState().started('r-busy'));
      expect(await studio.controller.runs.resend(model)).toBe(false);
      expect(studio.ui.getState().notices.at(-1)?.text).toMatch(/Resend once it has finished/);
      expect(screen.queryByTestId('confirm-dialog')).toBeNull();
      expect(host.callsOf('run.start')).toHaveLength(0);
    } finally {
      off();
    }
  });

  it('sends nothing when the user cancels', async () => {
    const { host, off, model } = setup();
    try {
      requestResend(document.body, model);
      await screen.findByTestId('confirm-dialog');
      fireEvent.click(screen.getByTestId('confirm-dialog-cancel'));
      await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
      expect(host.callsOf('run.start')).toHaveLength(0);
    } finally {
      off();
    }
  });

  it('a plain Run never asks to resend anything', async () => {
    const { host, studio, off } = setup();
    try {
      await studio.controller.runs.run();
      expect(host.callsOf('run.start')).toHaveLength(1);
      expect(host.callsOf('run.start')[0]).not.toHaveProperty('resend');
    } finally {
      off();
    }
  });
});

it('the status bar counts held nodes and says what to do', () => {
  const { studio } = renderStudio(<RunStatus />, { doc: pricedGraph() });
  expect(screen.queryByTestId('run-status-held')).toBeNull();
  act(() =>
    studio.run.setState({
      lastStatus: 'failed',
      nodes: {
        a: { state: 'held', since: 0, sentAt: 1 },
        b: { state: 'held', since: 0, sentAt: 2 },
        c: { state: 'done', since: 0 },
      },
    }),
  );
  expect(screen.getByTestId('run-status-held').textContent).toBe(
    '2 held: check the provider’s dashboard, then Resend',
  );
});

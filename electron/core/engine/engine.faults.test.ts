import { afterEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import type { FaultRule } from '../../emulator/types';
import type { EngineOptions } from './engine';
import { RunRefusedError } from './engine';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent, journalEntries, stateSequence, submitRequests } from '../testing/runEvents';

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';
const T2I_MODEL = 'google/nano-banana/pro/text-to-image';
const PRO_EDIT = 'runcomfy/google/nano-banana/pro/edit';
const NB2_EDIT = 'runcomfy/google/nano-banana-2/edit';
const RF_EDIT = 'runflow/google/nano-banana-pro/edit';
const REMOTE_IMAGE = 'https://images.example.com/reference.png';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const start = (faults: FaultRule[], engine: Partial<EngineOptions> = {}) =>
  startHarness({ latency: { queueMs: 5, runMs: 20 }, faults }, engine);

/** One text-to-image node. */
function single(prompt = 'a red kite over the dunes') {
  const g = testGraph();
  const m = g.model(T2I, { prompt, aspect_ratio: '1:1' });
  return { doc: g.doc(), m };
}

/** Independent text-to-image nodes, one per prompt. */
function several(n: number) {
  const g = testGraph();
  const ids = Array.from({ length: n }, (_, i) =>
    g.model(T2I, { prompt: `independent job ${i}`, aspect_ratio: '1:1' }),
  );
  return { g, ids };
}

const submitFault = (fault: FaultRule['fault'], times?: number): FaultRule => ({
  route: 'submit',
  ...(times !== undefined ? { times } : {}),
  fault,
});

describe('engine: submit failures', () => {
  const heldInJournal = async () =>
    expect(await journalEntries(h!.dataDir)).toEqual([
      expect.objectContaining({ state: 'submitting' }),
    ]);

  it('does not resend a submit whose connection was reset (the request was sent, so the job may exist): the node is held, its journal entry kept', async () => {
    // From the client's side a reset after the request left looks exactly like
    // reset-after-accept: resending could bill twice, so the engine never does.
    h = await start([submitFault({ kind: 'reset' }, 1)]);
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('held');
    expect(finalEvent(events, m).message).toMatch(/may have been submitted/);
    expect(finalEvent(events, m).sentAt).toEqual(expect.any(Number));
    expect(submitRequests(h.emu)).toHaveLength(1);
    expect(h.emu.stats().total.submissions).toBe(0);
    await heldInJournal();
  });

  it('reset-after-accept: holds the node with "may have been submitted", never resubmits, and keeps the journal entry', async () => {
    h = await start([submitFault({ kind: 'reset-after-accept' }, 1)]);
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('held');
    expect(finalEvent(events, m).message).toMatch(/may have been submitted/);
    expect(finalEvent(events, m).sentAt).toEqual(expect.any(Number));
    expect(h.emu.stats().total.submissions).toBe(1);
    expect(submitRequests(h.emu)).toHaveLength(1);
    await heldInJournal();
  });

  it('HTTP 500 on submit: not resubmitted, the node held as "may have been submitted"', async () => {
    h = await start([submitFault({ kind: 'http', status: 500 }, 1)]);
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('held');
    expect(finalEvent(events, m).message).toMatch(/may have been submitted/);
    expect(finalEvent(events, m).sentAt).toEqual(expect.any(Number));
    expect(submitRequests(h.emu)).toHaveLength(1);
    await heldInJournal();
  });

  it.each([
    ['HTTP 503', { kind: 'http', status: 503 }],
    ['HTTP 429 without Retry-After', { kind: 'http', status: 429 }],
    ['HTTP 429 with Retry-After', { kind: 'http', status: 429, retryAfterSeconds: 0.02 }],
  ] as const)(
    '%s on submit (refused before any job exists): retried until done, billed once',
    async (_name, fault) => {
      h = await start([submitFault(fault, 2)]);
      const { doc, m } = single();
      const { summary } = await h.run(doc);
      expect(summary.states.get(m)).toBe('done');
      expect(submitRequests(h.emu).map((r) => r.status)).toEqual([fault.status, fault.status, 200]);
      expect(h.emu.stats().total.submissions).toBe(1);
    },
  );

  it("honours a 429's Retry-After when it asks for longer than the backoff", async () => {
    h = await start([submitFault({ kind: 'http', status: 429, retryAfterSeconds: 0.2 }, 1)], {
      submitRetry: { baseMs: 1, maxMs: 2, attempts: 3 },
    });
    const { doc, m } = single();
    const { summary } = await h.run(doc);
    expect(summary.states.get(m)).toBe('done');
    const [refused, accepted] = submitRequests(h.emu);
    // A lower bound only: the backoff alone would have waited 2 ms at most.
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(180);
  });

  it('a truncated JSON answer to a submit (the job was created): held as "may have been submitted", billed once, not resent', async () => {
    h = await start([submitFault({ kind: 'malformed-json' }, 1)]);
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('held');
    expect(finalEvent(events, m).message).toMatch(/may have been submitted/);
    expect(finalEvent(events, m).sentAt).toEqual(expect.any(Number));
    expect(h.emu.stats().total.submissions).toBe(1);
    expect(submitRequests(h.emu)).toHaveLength(1);
  });

  it('RunComfy HTTP 200 with balance code 400002: the node fails with a credit message and the run stops; nothing else is sent', async () => {
    h = await start(
      [
        submitFault({
          kind: 'error-200',
          error_code: 400002,
          error_message: 'Insufficient balance',
        }),
      ],
      { concurrency: { global: 1, perProvider: { runcomfy: 1 } } },
    );
    const { g, ids } = several(3);
    const { summary, events } = await h.run(g.doc());

    const failed = ids.filter((id) => summary.states.get(id) === 'failed');
    const skipped = ids.filter((id) => summary.states.get(id) === 'skipped');
    expect(failed).toHaveLength(1);
    expect(skipped).toHaveLength(2);
    const message = finalEvent(events, failed[0]!).message!;
    expect(message).toMatch(/credit/i);
    expect(message).toMatch(/the run stopped/);
    for (const id of skipped) {
      expect(message).toContain(finalEvent(events, id).message);
      expect(stateSequence(events, id)).toEqual(['queued', 'skipped']);
    }
    expect(summary.status).toBe('failed');
    expect(submitRequests(h.emu)).toHaveLength(1);
    expect(h.emu.stats().total.submissions).toBe(0);
  });

  it('HTTP 401 on submit: "check the API key", and the other nodes of that provider are not sent (another provider goes on)', async () => {
    h = await start(
      [{ provider: 'runcomfy', route: 'submit', fault: { kind: 'http', status: 401 } }],
      { concurrency: { perProvider: { runcomfy: 1 } } },
    );
    const { g, ids } = several(3);
    const img = g.loadImage(REMOTE_IMAGE);
    const rf = g.model(RF_EDIT, { prompt: 'make it autumn' });
    g.connect(img, 'image', rf, 'image_urls');
    const { summary, events } = await h.run(g.doc());

    const failed = ids.filter((id) => summary.states.get(id) === 'failed');
    expect(failed).toHaveLength(1);
    const message = finalEvent(events, failed[0]!).message!;
    expect(message).toMatch(/check the API key for RunComfy/);
    for (const id of ids.filter((i) => i !== failed[0])) {
      expect(summary.states.get(id)).toBe('skipped');
      expect(finalEvent(events, id).message).toMatch(/check the API key for RunComfy/);
    }
    expect(submitRequests(h.emu).filter((r) => r.provider === 'runcomfy')).toHaveLength(1);
    expect(summary.states.get(rf)).toBe('done');
    expect(h.emu.stats().runflow.submissions).toBe(1);
  });

  it('refuses an invalid graph with RunRefusedError naming the problem, before anything is sent', async () => {
    h = await start([]);
    const g = testGraph();
    const m = g.model(T2I, { prompt: 'a red kite', aspect_ratio: '7:3' });
    let refused: unknown;
    try {
      h.engine.run(g.doc());
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(RunRefusedError);
    const issues = (refused as RunRefusedError).issues;
    expect(issues).toEqual([
      expect.objectContaining({ nodeId: m, field: 'aspect_ratio', code: 'invalid-param' }),
    ]);
    // Named as the artist sees the node, never by its id.
    expect((refused as Error).message).toContain('Nano Banana Pro (RunComfy): Aspect Ratio');
    expect((refused as Error).message).not.toContain(`${m}:`);
    expect(h.emu.requests()).toEqual([]);
  });
});

describe('engine: status, result and download failures', () => {
  it("a Runflow run that fails shows Runflow's failure message on the node", async () => {
    h = await start([
      {
        provider: 'runflow',
        route: 'submit',
        fault: { kind: 'job-fails', message: 'Image could not be processed' },
      },
    ]);
    const g = testGraph();
    const img = g.loadImage(REMOTE_IMAGE);
    const rf = g.model(RF_EDIT, { prompt: 'make it autumn' });
    g.connect(img, 'image', rf, 'image_urls');
    const { summary, events } = await h.run(g.doc());
    expect(summary.states.get(rf)).toBe('failed');
    expect(finalEvent(events, rf).message).toBe('Runflow: Image could not be processed');
    expect(h.emu.stats().runflow.submissions).toBe(1);
  });

  it('RunComfy 5xx, 429 and dropped connections on status polls and on the result fetch are retried: done, billed once', async () => {
    h = await start([
      { route: 'status', times: 2, fault: { kind: 'http', status: 500 } },
      { route: 'status', times: 1, fault: { kind: 'http', status: 429 } },
      { route: 'status', times: 1, fault: { kind: 'reset' } },
      { route: 'result', times: 1, fault: { kind: 'http', status: 502 } },
    ]);
    const { doc, m } = single();
    const { summary } = await h.run(doc);
    expect(summary.states.get(m)).toBe('done');
    const polls = h.emu.requests().filter((r) => r.route === 'status');
    expect(polls.slice(0, 4).map((r) => r.status)).toEqual([500, 500, 429, 0]);
    expect(h.emu.stats().total.submissions).toBe(1);
    expect(await journalEntries(h.dataDir)).toEqual([]);
  });

  it('Runflow 503 and 429 on run polls are retried: done, billed once', async () => {
    h = await start([
      { provider: 'runflow', route: 'status', times: 2, fault: { kind: 'http', status: 503 } },
      {
        provider: 'runflow',
        route: 'status',
        times: 1,
        fault: { kind: 'http', status: 429, retryAfterSeconds: 0.01 },
      },
    ]);
    const g = testGraph();
    const img = g.loadImage(REMOTE_IMAGE);
    const rf = g.model(RF_EDIT, { prompt: 'make it autumn' });
    g.connect(img, 'image', rf, 'image_urls');
    const { summary } = await h.run(g.doc());
    expect(summary.states.get(rf)).toBe('done');
    expect(h.emu.stats().runflow.submissions).toBe(1);
  });

  it('an expired output URL makes the engine fetch the result again; the emulator expires that file for good, so the node fails with "expired" and is not resubmitted', async () => {
    h = await start([{ route: 'download', times: 1, fault: { kind: 'expire-output' } }]);
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('failed');
    expect(finalEvent(events, m).message).toMatch(/expired/);
    const after = h.emu
      .requests()
      .filter((r) => r.route === 'result' || r.route === 'download')
      .map((r) => `${r.route} ${r.status}`);
    // result -> expired download -> fresh result -> the same file, still expired.
    // (Polls of the running job may ask the result endpoint before: they come first.)
    const firstDownload = after.indexOf('download 403');
    expect(after.slice(firstDownload - 1)).toEqual([
      'result 200',
      'download 403',
      'result 200',
      'download 403',
    ]);
    expect(after.slice(0, firstDownload).every((r) => r === 'result 200')).toBe(true);
    expect(h.emu.stats().total.submissions).toBe(1);
  });

  it("a job the provider fails: the node shows the provider's message, its descendants are skipped, an independent branch still finishes, the run fails", async () => {
    h = await start([
      {
        route: 'submit',
        model: T2I_MODEL,
        fault: { kind: 'job-fails', message: 'Content blocked by the safety filter' },
      },
    ]);
    const g = testGraph();
    const p = g.prompt('a lighthouse at dusk');
    const t2i = g.model(T2I, { aspect_ratio: '1:1' });
    const edit = g.model(PRO_EDIT, { prompt: 'make it snow' });
    const shown = g.preview();
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(t2i, 'image', edit, 'image_urls');
    g.connect(edit, 'images', shown, 'images');
    const img = g.loadImage(REMOTE_IMAGE);
    const other = g.model(NB2_EDIT, { prompt: 'add a rainbow' });
    const otherShown = g.preview();
    g.connect(img, 'image', other, 'image_urls');
    g.connect(other, 'images', otherShown, 'images');

    const { summary, events } = await h.run(g.doc());
    expect(summary.states.get(t2i)).toBe('failed');
    expect(finalEvent(events, t2i).message).toContain('Content blocked by the safety filter');
    expect(summary.states.get(edit)).toBe('skipped');
    expect(summary.states.get(shown)).toBe('skipped');
    expect(summary.states.get(other)).toBe('done');
    expect(summary.states.get(otherShown)).toBe('done');
    expect(summary.status).toBe('failed');
    expect(h.emu.stats().total.submissions).toBe(2);
    expect(await journalEntries(h.dataDir)).toEqual([]);
  });
});

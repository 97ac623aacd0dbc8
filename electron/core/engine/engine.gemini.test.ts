import { afterEach, describe, expect, it, vi } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import type { FaultRule } from '../../emulator/types';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent, journalEntries, submitRequests } from '../testing/runEvents';

const NB2 = 'model:google/gemini-3.1-flash-image-preview';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const googleSubmits = (harness: Harness) =>
  submitRequests(harness.emu).filter((r) => r.provider === 'google');

function single() {
  const g = testGraph();
  const m = g.node(NB2, { prompt: 'a paper crane', aspect_ratio: '1:1', resolution: '1K' });
  return { doc: g.doc(), m };
}

describe('engine: the synchronous Gemini call', () => {
  it('is journaled as submitting before the call goes out, and its inline image becomes the output', async () => {
    // A slow call, so the journal can be read while Google is still "generating".
    h = await startHarness({ latency: { queueMs: 0, runMs: 1500 } });
    const { doc, m } = single();
    const running = h.run(doc);
    await vi.waitFor(() => expect(googleSubmits(h!)).toHaveLength(1), { timeout: 5000 });
    const during = await journalEntries(h.dataDir);
    expect(during.map((e) => [e.nodeId, e.state])).toEqual([[m, 'submitting']]);
    const { summary, events } = await running;
    expect(summary.states.get(m)).toBe('done');
    expect(finalEvent(events, m).images).toHaveLength(1);
    expect(h.emu.stats().google.submissions).toBe(1);
    expect(await journalEntries(h.dataDir)).toEqual([]);
  });

  it('a call cut off after it reached Google is never resent (it may have been billed)', async () => {
    const cut: FaultRule = {
      provider: 'google',
      route: 'submit',
      times: 1,
      fault: { kind: 'reset-after-accept' },
    };
    h = await startHarness({ latency: { queueMs: 0, runMs: 5 }, faults: [cut] });
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).not.toBe('done');
    expect(finalEvent(events, m).message).toMatch(/may have been/);
    expect(googleSubmits(h)).toHaveLength(1);
    expect(h.emu.stats().google.submissions).toBe(1);
  });

  it('429 RESOURCE_EXHAUSTED is retried (nothing was billed) and the image arrives, billed once', async () => {
    const limited: FaultRule = {
      provider: 'google',
      route: 'submit',
      times: 1,
      fault: { kind: 'http', status: 429, retryAfterSeconds: 0.01 },
    };
    h = await startHarness({ latency: { queueMs: 0, runMs: 5 }, faults: [limited] });
    const { doc, m } = single();
    const { summary } = await h.run(doc);
    expect(summary.states.get(m)).toBe('done');
    expect(googleSubmits(h)).toHaveLength(2);
    expect(h.emu.stats().google.submissions).toBe(1);
  });

  it("a safety block fails the node with Google's reason", async () => {
    const blocked: FaultRule = {
      provider: 'google',
      route: 'submit',
      fault: { kind: 'safety-block', stage: 'prompt' },
    };
    h = await startHarness({ latency: { queueMs: 0, runMs: 5 }, faults: [blocked] });
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('failed');
    expect(finalEvent(events, m).message).toMatch(/Google blocked the prompt \(SAFETY\)/);
    expect(googleSubmits(h)).toHaveLength(1);
  });
});

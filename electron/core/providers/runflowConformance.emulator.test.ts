import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import { createEmulator } from '../../emulator';
import { loadDefaultModels } from '../../emulator/models';
import { client } from '../../emulator/testing';
import type { Emulator } from '../../emulator/types';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent, journalEntries, submitRequests } from '../testing/runEvents';
import { createRunflowAdapter } from './runflow';
import { providerError } from './testServer';
import type { ProviderAdapter } from './types';

// The run request against the emulator, which refuses any field the docs (seed 004)
// do not name: the docs are silent about others, so it is strict.
const ENDPOINT = 'google/nano-banana-pro/edit';
const RF_EDIT = `runflow/${ENDPOINT}`;
const IMAGE = 'https://images.example.com/reference.png';
const input = { prompt: 'make it autumn', image_urls: [IMAGE] };

describe('Runflow run requests carry only documented fields (strict emulator)', () => {
  let emu: Emulator;
  let rf: ProviderAdapter;
  beforeAll(async () => {
    emu = await createEmulator({ imageScale: 0.02, latency: { queueMs: 5, runMs: 20 } });
    rf = createRunflowAdapter({ baseUrl: emu.runflowBaseUrl, apiKey: emu.keys.runflow });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('the emulator refuses a top-level field the docs do not name (client_ref) with a 422 naming it, and creates no run', async () => {
    const res = await client(emu, 'runflow').post(`/v1/models/${ENDPOINT}/runs`, {
      input,
      client_ref: 'job-1',
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('VALIDATION_ERROR');
    expect(body.errors.map((e) => e.field)).toEqual(['client_ref']);
    expect(emu.stats().runflow.submissions).toBe(0);
  });

  it("the client's submit is accepted, with our job id in the documented metadata", async () => {
    const { requestId } = await rf.submit({ endpoint: ENDPOINT, input, clientRef: 'job-42' });
    const [sent] = emu.requests().filter((r) => r.route === 'submit');
    expect(sent?.status).toBe(201);
    expect(sent?.body).toEqual({ input, metadata: { client_ref: 'job-42' } });
    expect(requestId).toBe(sent?.jobId);
    expect(emu.stats().runflow.submissions).toBe(1);
  });

  it('a 422 naming an unknown field says which field, and that nothing was created or billed', async () => {
    const e = await providerError(
      rf.submit({ endpoint: ENDPOINT, input: { ...input, style_preset: 'film' } }),
      emu.keys.runflow,
    );
    expect([e.kind, e.delivery, e.status]).toEqual(['validation', 'no', 422]);
    expect(e.message).toContain('does not accept the field "style_preset"');
    expect(e.message).toContain('Nothing was created or billed.');
    expect(emu.stats().runflow.submissions).toBe(0);
  });
});

describe('engine: a provider that refuses a field the node sends', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('fails the node saying which field and that nothing was billed; sent once, not resent, journal empty', async () => {
    // An emulator whose Runflow edit model has no `seed`: the catalog's node sends one.
    const models = (await loadDefaultModels()).map((m) => {
      if (m.provider !== 'runflow' || m.endpoint !== ENDPOINT) return m;
      const { seed: _seed, ...properties } = m.inputSchema.properties;
      return { ...m, inputSchema: { ...m.inputSchema, properties } };
    });
    h = await startHarness({ models, latency: { queueMs: 5, runMs: 20 } });
    const g = testGraph();
    const img = g.loadImage(IMAGE);
    const node = g.model(RF_EDIT, { prompt: 'make it autumn', seed: 7 });
    g.connect(img, 'image', node, 'image_urls');
    const { summary, events } = await h.run(g.doc());
    expect(summary.states.get(node)).toBe('failed');
    const message = finalEvent(events, node).message!;
    expect(message).toContain('does not accept the field "seed"');
    expect(message).toContain('Nothing was created or billed.');
    expect(message).not.toMatch(/may have been submitted/);
    expect(submitRequests(h.emu)).toHaveLength(1);
    expect(h.emu.stats().runflow.submissions).toBe(0);
    expect(await journalEntries(h.dataDir)).toEqual([]);
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const KEY = 'rf_live_0123456789abcdef';

describe('settings and keys', () => {
  it('starts from the defaults, with base URLs from the environment', async () => {
    kit = await startHostKit({ env: { NODELOOM_RUNFLOW_BASE_URL: 'http://127.0.0.1:9/rf/' } });
    expect(await kit.call('settings.get', {})).toEqual({
      providers: {
        runcomfy: { baseUrl: 'https://model-api.runcomfy.net', keySet: false, keySource: 'none' },
        runflow: { baseUrl: 'http://127.0.0.1:9/rf', keySet: false, keySource: 'none' },
        google: {
          baseUrl: 'https://generativelanguage.googleapis.com',
          keySet: false,
          keySource: 'none',
        },
      },
      concurrency: { global: 8, perProvider: 4 },
      budgetUsd: null,
      modelPrices: {},
      outputDir: null,
      snippets: [],
      theme: 'system',
    });
  });

  it('never returns a key; keys.set and keys.clear change keySet and keySource only', async () => {
    kit = await startHostKit({ env: { RUNCOMFY_API_KEY: 'rc-env-key-123456' } });
    const events: unknown[] = [];
    kit.host.subscribe((name, payload) => events.push({ name, payload }));
    const before = await kit.call('settings.get', {});
    expect(before.providers.runcomfy).toMatchObject({ keySet: true, keySource: 'environment' });

    const set = await kit.call('keys.set', { provider: 'runflow', key: `  ${KEY} ` });
    expect(set.providers.runflow).toEqual({
      ...before.providers.runflow,
      keySet: true,
      keySource: 'session',
    });
    expect({ ...set, providers: { ...set.providers, runflow: before.providers.runflow } }).toEqual(
      before,
    );
    expect(JSON.stringify(set)).not.toContain(KEY);
    expect(JSON.stringify(await kit.call('settings.get', {}))).not.toContain('rc-env-key');

    const cleared = await kit.call('keys.clear', { provider: 'runcomfy' });
    expect(cleared.providers.runcomfy).toMatchObject({ keySet: false, keySource: 'none' });
    expect(events.map((e) => (e as { name: string }).name)).toEqual([
      'settings.changed',
      'settings.changed',
    ]);
    // Session keys live in memory only.
    const files = await readFile(path.join(kit.dataDir, 'settings.json'), 'utf8').catch(() => '');
    expect(files).not.toContain(KEY);
  });

  it('refuses a key with typographic quotes or a space before storing it: nothing changes', async () => {
    kit = await startHostKit();
    const events: string[] = [];
    kit.host.subscribe((name) => events.push(name));
    const before = await kit.call('settings.get', {});
    for (const key of [`\u201c${KEY}\u201d`, `${KEY} ${KEY}`]) {
      await expect(kit.call('keys.set', { provider: 'runflow', key })).rejects.toThrow(
        /Runflow key was not saved: it contains/,
      );
    }
    expect(await kit.call('settings.get', {})).toEqual(before);
    expect(events).toEqual([]);
    // Later calls still work (the web host answered 500 to every settings.update).
    const updated = await kit.call('settings.update', { budgetUsd: 2 });
    expect(updated.providers).toEqual(before.providers);
  });

  it('starts with an unusable key and says in the settings view which key it is', async () => {
    const bad = `\u201c${KEY}\u201d`;
    kit = await startHostKit({ env: { RUNFLOW_API_KEY: bad } });
    const view = await kit.call('settings.get', {});
    expect(view.providers.runflow).toMatchObject({
      keySet: true,
      keySource: 'environment',
      keyProblem: expect.stringMatching(/^The Runflow key contains typographic quotes/),
    });
    expect(view.providers.runcomfy.keyProblem).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain(KEY);
    expect(kit.warnings.join('\n')).toMatch(/Runflow key contains typographic quotes/);
    expect(kit.warnings.join('\n')).not.toContain(KEY);
  });

  it('persists settings across a restart, keys excepted', async () => {
    kit = await startHostKit();
    await kit.call('keys.set', { provider: 'runflow', key: KEY });
    const updated = await kit.call('settings.update', {
      baseUrls: { runcomfy: 'http://127.0.0.1:8790/runcomfy/' },
      concurrency: { perProvider: 2 },
      budgetUsd: 1.5,
    });
    expect(updated.providers.runcomfy.baseUrl).toBe('http://127.0.0.1:8790/runcomfy');
    expect(updated.concurrency).toEqual({ global: 8, perProvider: 2 });
    const saved = await readFile(path.join(kit.dataDir, 'settings.json'), 'utf8');
    expect(saved).not.toContain(KEY);

    await kit.restart();
    const after = await kit.call('settings.get', {});
    expect(after).toEqual(updated);
  });

  it('keeps the chosen theme across a restart, and refuses one it does not know', async () => {
    kit = await startHostKit();
    expect((await kit.call('settings.update', { theme: 'light' })).theme).toBe('light');
    await kit.call('settings.update', { budgetUsd: 2 });
    await kit.restart();
    expect((await kit.call('settings.get', {})).theme).toBe('light');
    await expect(
      kit.call('settings.update', { theme: 'sepia' } as unknown as { theme: 'light' }),
    ).rejects.toThrow(/theme/);
  });

  it("round-trips the user's model prices across a restart; null removes one", async () => {
    kit = await startHostKit();
    const pro = `model:${MODELS.proEdit}`;
    const nb2 = `model:${MODELS.nb2Edit}`;
    const set = await kit.call('settings.update', { modelPrices: { [pro]: 0.12, [nb2]: 0.08 } });
    expect(set.modelPrices).toEqual({ [pro]: 0.12, [nb2]: 0.08 });
    const removed = await kit.call('settings.update', { modelPrices: { [nb2]: null } });
    expect(removed.modelPrices).toEqual({ [pro]: 0.12 });
    // A later change of something else keeps the prices.
    await kit.call('settings.update', { budgetUsd: 3 });
    await kit.restart();
    expect((await kit.call('settings.get', {})).modelPrices).toEqual({ [pro]: 0.12 });
  });

  it('keeps snippets across a restart: added, replaced by id, removed; a bad one is refused', async () => {
    kit = await startHostKit();
    const node = {
      id: 'p',
      type: 'prompt',
      params: { text: 'a lighthouse' },
      position: { x: 0, y: 0 },
    };
    const snippet = { id: 'prompt-1', name: 'Lighthouse prompt', nodes: [node], edges: [] };
    const added = await kit.call('settings.update', { addSnippet: snippet });
    expect(added.snippets).toEqual([snippet]);
    const renamed = await kit.call('settings.update', {
      addSnippet: { ...snippet, name: 'Lighthouse' },
    });
    expect(renamed.snippets.map((s) => s.name)).toEqual(['Lighthouse']);
    await kit.restart();
    expect((await kit.call('settings.get', {})).snippets).toEqual(renamed.snippets);
    await expect(
      kit.call('settings.update', { addSnippet: { ...snippet, id: 'x', nodes: [] } }),
    ).rejects.toThrow(/nodes/);
    const removed = await kit.call('settings.update', { removeSnippet: 'prompt-1' });
    expect(removed.snippets).toEqual([]);
  });

  it("uses the user's price in the run's estimate and marks it as theirs", async () => {
    kit = await startHostKit({ emulator: true });
    await kit.call('settings.update', {
      modelPrices: { [`model:${MODELS.proTextToImage}`]: 0.12 },
    });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      if (name === 'run.event') events.push(payload as RunEvent);
    });
    const g = testGraph();
    g.model(MODELS.proTextToImage, { prompt: 'a lighthouse' }, { id: 't2i' });
    expect((await kit.call('run.start', { graph: g.doc() })).ok).toBe(true);
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events[0]).toMatchObject({
      type: 'run-started',
      estimate: {
        knownUsd: 0.12,
        unknownNodes: [],
        perNode: { t2i: 0.12 },
        priceSources: { t2i: 'user' },
      },
    });
  });

  it('falls back to the defaults, with a warning, when settings.json is broken', async () => {
    kit = await startHostKit();
    await writeFile(
      path.join(kit.dataDir, 'settings.json'),
      JSON.stringify({ concurrency: { global: 0, perProvider: 4 } }),
    );
    await kit.restart();
    expect((await kit.call('settings.get', {})).concurrency).toEqual({ global: 8, perProvider: 4 });
    expect(kit.warnings.join('\n')).toMatch(
      /settings\.json: concurrency\.global .*default settings/,
    );

    await writeFile(path.join(kit.dataDir, 'settings.json'), '{ not json');
    await kit.restart();
    expect(kit.warnings.at(-1)).toMatch(/not valid JSON; using default settings/);
  });
});

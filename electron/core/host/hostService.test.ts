import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { CALL_NAMES } from '../../../shared/contract/hostApi';
import type { CallName, HostHandlers } from '../../../shared/contract/hostApi';
import type { RunEvent } from '../../../shared/run/events';
import { pinnedFedByEmptyPrompt } from '../../../shared/testing/preflightCases';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { BlobStore } from '../storage/blobStore';
import { createHostService } from './hostService';
import { envSessionKeyStore } from './keyStore';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const KEY = 'rf_live_0123456789abcdef';

function textToImage(prompt = 'a lighthouse at dusk') {
  const g = testGraph();
  const p = g.prompt(prompt);
  const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' });
  const out = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', out, 'images');
  return g.doc();
}

const tinyPng = (): Promise<Buffer> =>
  sharp({ create: { width: 2, height: 2, channels: 3, background: '#3c64c8' } })
    .png()
    .toBuffer();

/** `n` independent text-to-image jobs: they run at once unless a limit holds them. */
function fanOut(n: number, tag: string) {
  const g = testGraph();
  const out = g.preview();
  for (let i = 0; i < n; i++) {
    const p = g.prompt(`${tag} ${i}`);
    const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' });
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(t2i, 'image', out, 'images');
  }
  return g.doc();
}

describe('the handlers object', () => {
  it('implements every call of the contract, with the contract types', async () => {
    kit = await startHostKit();
    expectTypeOf(kit.host.handlers).toEqualTypeOf<HostHandlers>();
    expectTypeOf<keyof typeof kit.host.handlers>().toEqualTypeOf<CallName>();
    expect(Object.keys(kit.host.handlers).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('app.info and catalog.get describe this host', async () => {
    kit = await startHostKit();
    expect(await kit.call('app.info', {})).toEqual({
      version: '0.0.0-test',
      emulated: false,
      nativeDialogs: false,
      workspaceDir: kit.workspaceDir,
      revealsFiles: false,
    });
    const catalog = await kit.call('catalog.get', {});
    expect(catalog.models.length).toBeGreaterThanOrEqual(4);
    expect(catalog.errors).toEqual([]);
  });
});

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

describe('run.start', () => {
  it('refuses an invalid graph with its issues, sending nothing', async () => {
    kit = await startHostKit({ emulator: true });
    const g = testGraph();
    // An edit model needs images, and no aspect ratio is called "banana".
    g.model(MODELS.proEdit, { prompt: 'x', aspect_ratio: 'banana' }, { id: 'lonely' });
    const res = await kit.call('run.start', { graph: g.doc() });
    expect(res).toMatchObject({
      ok: false,
      message: expect.stringMatching(/nothing was sent/),
    });
    if (res.ok) return;
    expect(res.issues.map((i) => [i.nodeId, i.code, i.severity])).toEqual(
      expect.arrayContaining([
        ['lonely', 'missing-input', 'error'],
        ['lonely', 'invalid-param', 'error'],
      ]),
    );
    expect(kit.emu!.requests()).toEqual([]);
  });

  it('accepts a pinned node fed by an empty prompt (the one pre-run check): only the edit is sent', async () => {
    kit = await startHostKit({ emulator: true });
    const png = await tinyPng();
    const stored = await new BlobStore(path.join(kit.dataDir, 'blobs')).put(png);
    const { doc, prompt, edit } = pinnedFedByEmptyPrompt({
      hash: stored.hash,
      mimeType: 'image/png',
      width: 2,
      height: 2,
      bytes: png.byteLength,
    });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      if (name === 'run.event') events.push(payload as RunEvent);
    });
    const started = await kit.call('run.start', { graph: doc });
    expect(started).toMatchObject({ ok: true });
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events.at(-1)).toMatchObject({ status: 'succeeded' });
    const first = events[0]!;
    expect(first.type === 'run-started' && first.nodeIds).not.toContain(prompt);
    const submits = kit.emu!.requests().filter((r) => r.route === 'submit');
    expect(submits.map((r) => r.provider)).toEqual(['runflow']);
    expect(events.some((e) => e.type === 'node' && e.nodeId === edit && e.state === 'done')).toBe(
      true,
    );
  });

  it('refuses a run whose provider has no key', async () => {
    kit = await startHostKit();
    const g = testGraph();
    const p = g.prompt();
    const img = g.loadImage('https://example.com/cat.png');
    const edit = g.model(MODELS.runflowProEdit, {}, { id: 'edit' });
    g.connect(p, 'text', edit, 'prompt');
    g.connect(img, 'image', edit, 'image_urls');
    const res = await kit.call('run.start', { graph: g.doc() });
    expect(res).toEqual({
      ok: false,
      message: 'Runflow has no usable API key: add it in Settings',
      issues: [expect.objectContaining({ nodeId: 'edit', code: 'missing-key' })],
    });
  });

  it('refuses a Load Image file outside the workspace', async () => {
    kit = await startHostKit({ emulator: true });
    const g = testGraph();
    const elsewhere = path.join(os.tmpdir(), 'elsewhere.png');
    const img = g.loadImage(elsewhere, { id: 'img' });
    g.connect(img, 'image', g.preview(), 'images');
    const res = await kit.call('run.start', { graph: g.doc() });
    expect(res).toMatchObject({
      ok: false,
      issues: [
        {
          nodeId: 'img',
          field: 'source',
          code: 'image-outside-folder',
          severity: 'error',
          message: `${elsewhere} is outside the workflow's folder: allow it when Nodeloom asks, or copy the image next to the workflow`,
        },
      ],
    });
  });

  it("reads an image outside the workflow's folder only after images.allow", async () => {
    kit = await startHostKit();
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => name === 'run.event' && events.push(payload as RunEvent));
    // In the workspace, but not in the workflow's folder: that is not enough any more.
    await mkdir(path.join(kit.workspaceDir, 'shared'));
    await writeFile(path.join(kit.workspaceDir, 'shared', 'cat.png'), await tinyPng());
    const workflowPath = path.join(kit.workspaceDir, 'proj', 'flow.nodeloom');
    const g = testGraph();
    const img = g.loadImage('../shared/cat.png', { id: 'img' });
    g.connect(img, 'image', g.preview(), 'images');
    const graph = g.doc();

    const refused = await kit.call('run.start', { graph, workflowPath });
    expect(refused).toMatchObject({ ok: false, issues: [{ code: 'image-outside-folder' }] });
    expect(
      await kit.call('images.outside', { workflowPath, sources: ['../shared/cat.png'] }),
    ).toEqual({
      outside: [
        { source: '../shared/cat.png', path: path.join(kit.workspaceDir, 'shared', 'cat.png') },
      ],
    });

    await kit.call('images.allow', { workflowPath, sources: ['../shared/cat.png'] });
    const started = await kit.call('run.start', { graph, workflowPath });
    expect(started).toMatchObject({ ok: true });
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events.at(-1)).toMatchObject({ status: 'succeeded' });
  });

  it('runs a valid graph against the emulator, broadcasting every event', async () => {
    kit = await startHostKit({ emulator: true });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      if (name === 'run.event') events.push(payload as RunEvent);
    });
    const started = await kit.call('run.start', { graph: textToImage() });
    expect(started.ok).toBe(true);
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events[0]).toMatchObject({ type: 'run-started' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  });

  it('applies a concurrency change made during a run to the next run', async () => {
    kit = await startHostKit({ emulator: true });
    const finished: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      const e = payload as RunEvent;
      if (name === 'run.event' && e.type === 'run-finished') finished.push(e);
    });
    const emu = kit.emu!;
    emu.configure({ latency: { queueMs: 10, runMs: 150 } });
    const first = await kit.call('run.start', { graph: fanOut(3, 'first') });
    expect(first.ok).toBe(true);
    // The run in progress keeps its engine; the change waits for it to end.
    await kit.call('settings.update', { concurrency: { global: 2, perProvider: 1 } });
    await expect.poll(() => finished.length, { timeout: 10_000 }).toBe(1);
    expect(emu.stats().runcomfy.maxActiveJobs).toBe(3);

    emu.reset();
    const second = await kit.call('run.start', { graph: fanOut(3, 'second') });
    expect(second.ok).toBe(true);
    await expect.poll(() => finished.length, { timeout: 10_000 }).toBe(2);
    expect(emu.stats().runcomfy.maxActiveJobs).toBe(1);
    expect(finished.map((e) => e.type === 'run-finished' && e.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });

  it('cancels a run by id', async () => {
    kit = await startHostKit({ emulator: true });
    kit.emu!.configure({ latency: { queueMs: 2000, runMs: 2000 } });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => name === 'run.event' && events.push(payload as RunEvent));
    const res = await kit.call('run.start', { graph: textToImage() });
    if (!res.ok) throw new Error(res.message);
    await expect
      .poll(() => events.some((e) => e.type === 'node' && e.state === 'in_queue'))
      .toBe(true);
    expect(await kit.call('run.cancel', { runId: res.runId })).toEqual({ cancelled: true });
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events.at(-1)).toMatchObject({ status: 'cancelled' });
    expect(await kit.call('run.cancel', { runId: 'no-such-run' })).toEqual({ cancelled: false });
  });
});

/** Every folder and file under `root` with its permission bits, as "path mode". */
async function modes(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const mode = (await stat(full)).mode & 0o777;
    out.push(`${path.relative(root, full)} ${mode.toString(8)}`);
  }
  return out.sort();
}

describe('the data folder', () => {
  it.skipIf(process.platform === 'win32')(
    'is private: folders 0700 and files 0600 after a run, even where an older version made it 0755',
    async () => {
      kit = await startHostKit({ emulator: true });
      await chmod(kit.dataDir, 0o755);
      await kit.restart();
      expect((await stat(kit.dataDir)).mode & 0o777).toBe(0o700);

      const events: RunEvent[] = [];
      kit.host.subscribe(
        (name, payload) => name === 'run.event' && events.push(payload as RunEvent),
      );
      const started = await kit.call('run.start', { graph: textToImage() });
      if (!started.ok) throw new Error(started.message);
      await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
      const image = events.flatMap((e) => (e.type === 'node' ? (e.images ?? []) : []))[0]!;
      expect(await kit.host.thumbnail(image.hash, 128)).not.toBeNull();
      await kit.call('settings.update', { budgetUsd: 3 });
      await kit.call('recovery.save', {
        key: 'tab-1',
        name: 'Untitled',
        filePath: null,
        savedAt: 1,
        graph: textToImage(),
      });
      await kit.restart(); // history and journal written out

      const all = await modes(kit.dataDir);
      for (const folder of ['blobs', 'thumbs', 'history', 'journal', 'results', 'recovery'])
        expect(
          all.some((m) => m.startsWith(`${folder} `)),
          folder,
        ).toBe(true);
      expect(all.filter((m) => !/ (700|600)$/.test(m))).toEqual([]);
      for (const m of all) {
        const isDir = (await stat(path.join(kit.dataDir, m.split(' ')[0]!))).isDirectory();
        expect(m.endsWith(isDir ? ' 700' : ' 600'), m).toBe(true);
      }
    },
  );

  it('serves one host at a time: a second one is refused, naming the first, until it closes', async () => {
    kit = await startHostKit({ owner: 'the desktop app' });
    const second = () =>
      createHostService({
        dataDir: kit!.dataDir,
        workspaceDir: kit!.workspaceDir,
        keyStore: envSessionKeyStore({}),
        emulated: false,
        nativeDialogs: false,
        version: '0.0.0-test',
        env: {},
        owner: 'the web host',
      });
    await expect(second()).rejects.toThrow(/the desktop app, pid \d+\) is using the data folder/);
    await kit.host.close();
    const next = await second();
    await next.close();
    kit.host = await createHostService({
      dataDir: kit.dataDir,
      workspaceDir: kit.workspaceDir,
      keyStore: envSessionKeyStore({}),
      emulated: false,
      nativeDialogs: false,
      version: '0.0.0-test',
      env: {},
    });
  });
});

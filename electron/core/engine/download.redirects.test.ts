import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import { createEmulator } from '../../emulator';
import { client, pollUntil, signature } from '../../emulator/testing';
import type { Emulator, FaultRule } from '../../emulator/types';
import { startTestServer } from '../providers/testServer';
import type { TestServer } from '../providers/testServer';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent } from '../testing/runEvents';
import { MAX_REDIRECTS, RedirectRefusedError, createDownloader } from './download';

const T2I_PATH = '/v1/models/google/nano-banana/pro/text-to-image';
const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';

describe('the downloader follows redirects of output URLs (emulator)', () => {
  let emu: Emulator;
  const download = createDownloader(5000);

  beforeAll(async () => {
    emu = await createEmulator({ imageScale: 0.02, latency: { queueMs: 1, runMs: 5 } });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  /** A finished RunComfy job's output URL, with `fault` on its downloads. */
  async function outputUrl(fault?: FaultRule['fault']): Promise<string> {
    emu.configure({ faults: fault ? [{ route: 'download', fault }] : [] });
    const rc = client(emu, 'runcomfy');
    const { request_id: id } = (await (await rc.post(T2I_PATH, { prompt: 'x' })).json()) as {
      request_id: string;
    };
    const [result] = (
      await pollUntil(
        async () =>
          (await (await rc.get(`/v1/requests/${id}/result`)).json()) as {
            status: string;
            output?: { image?: string };
          },
        (r) => r.status === 'completed',
      )
    ).slice(-1);
    return result!.output!.image!;
  }

  const hops = () => emu.requests().filter((r) => r.route === 'redirect');

  it('downloads an output behind a chain of redirects, starting with a 301', async () => {
    const url = await outputUrl({ kind: 'redirect-output', hops: 3, status: 301 });
    const bytes = await download(url);
    expect(signature(bytes)).toBe('png');
    expect(emu.requests().find((r) => r.route === 'download')?.status).toBe(301);
    expect(hops().map((r) => r.status)).toEqual([302, 302, 200]);
    expect(emu.stats().total.downloads).toBe(1);
  });

  it(`follows exactly ${MAX_REDIRECTS} redirects and refuses a sixth`, async () => {
    const five = await outputUrl({ kind: 'redirect-output', hops: MAX_REDIRECTS });
    expect(signature(await download(five))).toBe('png');

    emu.reset();
    const six = await outputUrl({ kind: 'redirect-output', hops: MAX_REDIRECTS + 1 });
    const e = await download(six).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RedirectRefusedError);
    expect((e as Error).message).toMatch(/redirected more than 5 times/);
    expect(emu.stats().total.downloads).toBe(0);
  });

  it('refuses a redirect loop (a relative Location included) with a clear error', async () => {
    const url = await outputUrl({ kind: 'redirect-loop' });
    const e = await download(url).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RedirectRefusedError);
    expect((e as Error).message).toMatch(/redirects in a loop/);
    // download -> loop/a -> loop/b, which points back at loop/a: stopped there.
    expect(hops()).toHaveLength(2);
  });
});

describe('the downloader refuses redirects to other schemes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each(['file:///etc/passwd', 'ftp://files.example/out.png', 'data:image/png;base64,AAAA'])(
    'a redirect to %s is refused, not followed',
    async (location) => {
      server.route('GET', '/out.png', (_req, res) => {
        res.writeHead(302, { Location: location });
        res.end();
      });
      const e = await createDownloader(5000)(`${server.url}/out.png`).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RedirectRefusedError);
      expect((e as Error).message).toMatch(/only http\(s\) redirects are followed/);
    },
  );
});

describe('engine: outputs behind redirects', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const single = () => {
    const g = testGraph();
    const m = g.model(T2I, { prompt: 'a paper boat on a pond', aspect_ratio: '1:1' });
    return { doc: g.doc(), m };
  };

  it('stores a paid output whose URL answers a 302, sent once', async () => {
    h = await startHarness({
      latency: { queueMs: 5, runMs: 20 },
      faults: [{ route: 'download', fault: { kind: 'redirect-output', hops: 2 } }],
    });
    const { doc, m } = single();
    const { summary } = await h.run(doc);
    expect(summary.states.get(m)).toBe('done');
    expect(summary.images.get(m)).toHaveLength(1);
    expect(h.emu.stats().total.submissions).toBe(1);
    expect(h.emu.stats().total.downloads).toBe(1);
  });

  it('a redirect loop fails the node at once with a clear message, without resending the job', async () => {
    h = await startHarness({
      latency: { queueMs: 5, runMs: 20 },
      faults: [{ route: 'download', fault: { kind: 'redirect-loop' } }],
    });
    const { doc, m } = single();
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('failed');
    expect(finalEvent(events, m).message).toMatch(/output 1.*redirects in a loop/);
    // Not retried: a refused redirect would be refused again.
    expect(h.emu.requests().filter((r) => r.route === 'download')).toHaveLength(1);
    expect(h.emu.stats().total.submissions).toBe(1);
  });
});

import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator';
import type { Emulator } from '../../emulator/types';
import { createGeminiAdapter } from './gemini';
import { providerError } from './testServer';
import type { ProviderAdapter } from './types';

const PRO = 'gemini-3-pro-image-preview';
const NB2 = 'gemini-3.1-flash-image-preview';

let emu: Emulator;
let google: ProviderAdapter;
let reference: string;

beforeAll(async () => {
  emu = await createEmulator({ imageScale: 0.02, latency: { queueMs: 0, runMs: 5 } });
  google = createGeminiAdapter({ baseUrl: emu.googleBaseUrl, apiKey: emu.keys.google });
  const png = await sharp({
    create: { width: 40, height: 20, channels: 3, background: '#c0ffee' },
  })
    .png()
    .toBuffer();
  reference = `data:image/png;base64,${png.toString('base64')}`;
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const submits = () => emu.requests().filter((r) => r.provider === 'google' && r.route === 'submit');

describe('Gemini generateContent against the emulator', () => {
  it('sends text and inline reference images with image size and aspect ratio, and gets the image inline', async () => {
    const [image] = await google.prepareImages([
      {
        kind: 'bytes',
        bytes: Buffer.from(reference.split(',')[1]!, 'base64'),
        mimeType: 'image/png',
        name: 'ref.png',
      },
    ]);
    const { requestId } = await google.submit({
      endpoint: PRO,
      input: {
        prompt: 'a heron in the rain',
        image_urls: [image],
        aspect_ratio: '16:9',
        resolution: '2K',
      },
    });
    expect(submits()[0]?.body).toEqual({
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'a heron in the rain' },
            { inlineData: { mimeType: 'image/png', data: reference.split(',')[1] } },
          ],
        },
      ],
      generationConfig: {
        responseModalities: ['IMAGE'],
        imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
      },
    });
    const status = await google.status(requestId, PRO);
    expect(status.state).toBe('succeeded');
    const result = await google.result(requestId, PRO);
    expect(result.outputs).toHaveLength(1);
    const url = result.outputs[0]!.url;
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const meta = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata();
    expect(meta.width! / meta.height!).toBeCloseTo(16 / 9, 1);
    expect(emu.stats().google.submissionsByModel).toEqual({ [PRO]: 1 });
  });

  it('the emulator refuses a field the API does not know, naming it like Google does, and bills nothing', async () => {
    const res = await fetch(`${emu.googleBaseUrl}/v1beta/models/${NB2}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': emu.keys.google, 'content-type': 'application/json' },
      body: JSON.stringify({
        contents: [{ parts: [{ text: 'x' }] }],
        generationConfig: { imageConfig: { imageSize: '1K', style: 'film' } },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number; status: string; message: string } };
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(body.error.message).toMatch(/Unknown name "style"/);
    const lower = await providerError(
      google.submit({ endpoint: NB2, input: { prompt: 'x', resolution: '1k' } }),
      emu.keys.google,
    );
    expect([lower.kind, lower.delivery, lower.status]).toEqual(['validation', 'no', 400]);
    expect(lower.message).toMatch(/uppercase K/);
    expect(emu.stats().google.submissions).toBe(0);
  });

  it('a wrong key is an auth error that names no key', async () => {
    const wrong = createGeminiAdapter({ baseUrl: emu.googleBaseUrl, apiKey: 'AIza-wrong-key-123' });
    const e = await providerError(
      wrong.submit({ endpoint: NB2, input: { prompt: 'x' } }),
      'AIza-wrong-key-123',
    );
    expect([e.kind, e.delivery]).toEqual(['auth', 'no']);
  });

  it('a prompt blocked for safety ends the job failed with the block reason', async () => {
    emu.configure({
      faults: [{ provider: 'google', fault: { kind: 'safety-block', stage: 'prompt' } }],
    });
    const { requestId } = await google.submit({ endpoint: NB2, input: { prompt: 'something' } });
    const status = await google.status(requestId, NB2);
    expect(status).toEqual({
      state: 'failed',
      message: 'Google blocked the prompt (SAFETY). Change the prompt or the images.',
    });
    await expect(google.result(requestId, NB2)).rejects.toThrow(/blocked the prompt/);
  });

  it('an image withheld for safety ends the job failed naming finishReason IMAGE_SAFETY', async () => {
    emu.configure({
      faults: [{ provider: 'google', fault: { kind: 'safety-block', stage: 'image' } }],
    });
    const { requestId } = await google.submit({ endpoint: NB2, input: { prompt: 'something' } });
    expect(await google.status(requestId, NB2)).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/finishReason IMAGE_SAFETY\): the image was withheld/),
    });
  });

  it('429 RESOURCE_EXHAUSTED is a rate limit with the retry delay from the body; nothing was billed', async () => {
    emu.configure({
      faults: [{ provider: 'google', times: 1, fault: { kind: 'http', status: 429 } }],
    });
    const e = await providerError(
      google.submit({ endpoint: NB2, input: { prompt: 'x' } }),
      emu.keys.google,
    );
    expect([e.kind, e.delivery, e.status, e.retryAfterMs]).toEqual(['rate_limit', 'no', 429, 2000]);
    expect(e.message).toMatch(/Google is rate limiting requests .*retry after 2 s/);
    expect(emu.stats().google.submissions).toBe(0);
  });

  it('a 500 may have been processed (maybe: held, never resent); a 503 was refused (no)', async () => {
    emu.configure({
      faults: [{ provider: 'google', times: 1, fault: { kind: 'http', status: 500 } }],
    });
    const e500 = await providerError(
      google.submit({ endpoint: NB2, input: { prompt: 'x' } }),
      emu.keys.google,
    );
    expect([e500.kind, e500.delivery, e500.status]).toEqual(['transient', 'maybe', 500]);
    emu.configure({
      faults: [{ provider: 'google', times: 1, fault: { kind: 'http', status: 503 } }],
    });
    const e503 = await providerError(
      google.submit({ endpoint: NB2, input: { prompt: 'x' } }),
      emu.keys.google,
    );
    expect([e503.kind, e503.delivery, e503.status]).toEqual(['transient', 'no', 503]);
    expect(e503.message).toMatch(/overloaded/);
  });

  it('a call cut off after Google generated (and billed) the image is a maybe delivery, so the engine holds it', async () => {
    emu.configure({
      faults: [{ provider: 'google', times: 1, fault: { kind: 'reset-after-accept' } }],
    });
    const e = await providerError(
      google.submit({ endpoint: PRO, input: { prompt: 'x' } }),
      emu.keys.google,
    );
    expect([e.kind, e.delivery]).toEqual(['transient', 'maybe']);
    expect(e.message).toMatch(/may have been received/);
    expect(emu.stats().google.submissions).toBe(1); // billed at Google, answer lost
  });

  it('a call answered in an earlier session is not found, and says the image is gone', async () => {
    const fresh = createGeminiAdapter({ baseUrl: emu.googleBaseUrl, apiKey: emu.keys.google });
    const e = await providerError(fresh.status('gemini-old', NB2), emu.keys.google);
    expect([e.kind, e.delivery]).toEqual(['not_found', 'yes']);
    expect(e.message).toMatch(/keeps no copy/);
  });

  it('refuses an input it does not know where to put, before sending anything', async () => {
    const e = await providerError(
      google.submit({ endpoint: NB2, input: { prompt: 'x', seed: 3 } }),
      emu.keys.google,
    );
    expect([e.kind, e.delivery]).toEqual(['validation', 'no']);
    expect(submits()).toEqual([]);
  });
});

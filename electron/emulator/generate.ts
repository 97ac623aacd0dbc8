import type { FileStore } from './files';
import { CONTENT_TYPES, outputSize, parseRatio, probeImage, renderImage } from './images';
import type { Ratio } from './images';
import type { Job, OutputImage } from './jobs';
import { parseDataUri } from './params';

/**
 * "Fetches" each input image as the provider would when the job starts: data
 * URIs must decode, the emulator's own URLs must still be valid (an expired one
 * fails the job, as a real provider fails to download it). Foreign https URLs
 * cannot be fetched here (no network) and count as fetched.
 */
export async function checkInputs(files: FileStore, job: Job): Promise<string | null> {
  for (const [i, url] of job.params.imageUrls.entries()) {
    const problem = await fetchProblem(files, url);
    if (problem) return `Failed to fetch image_urls[${i}]: ${problem}`;
  }
  return null;
}

async function fetchProblem(files: FileStore, url: string): Promise<string | null> {
  if (url.startsWith('data:')) {
    const data = parseDataUri(url);
    return data && (await probeImage(data.bytes)) ? null : 'the data URI is not a decodable image';
  }
  if (!files.isOwnUrl(url)) return null;
  const resolved = files.resolve(url);
  return resolved.ok ? null : `HTTP ${resolved.status} (${resolved.message})`;
}

/** The ratio `auto` stands for: the first input image's, when it can be known. */
async function autoRatio(files: FileStore, job: Job): Promise<Ratio> {
  const first = job.params.imageUrls[0];
  let size: { width: number; height: number } | null = null;
  if (first?.startsWith('data:')) {
    const data = parseDataUri(first);
    size = data ? await probeImage(data.bytes) : null;
  } else if (first && files.isOwnUrl(first)) {
    const resolved = files.resolve(first);
    if (resolved.ok && resolved.file.width && resolved.file.height) {
      size = { width: resolved.file.width, height: resolved.file.height };
    }
  }
  return size ? { w: size.width, h: size.height } : { w: 1, h: 1 };
}

/** One rendered output image, not yet published at a URL. */
export interface RenderedImage {
  bytes: Buffer;
  width: number;
  height: number;
  contentType: string;
}

/**
 * Renders the job's images. The scheduler starts this when the job starts running,
 * so encoding happens during the job's configured run time, not after it.
 */
export async function renderOutputs(
  files: FileStore,
  job: Job,
  scale: number,
): Promise<RenderedImage[]> {
  const p = job.params;
  const ratio =
    p.aspectRatio === 'auto'
      ? await autoRatio(files, job)
      : (parseRatio(p.aspectRatio) ?? { w: 1, h: 1 });
  const { width, height } = outputSize(p.resolution, ratio, scale);
  const contentType = CONTENT_TYPES[p.format];
  const inputs = p.imageUrls.map((url) => readableInput(files, url));
  const images: RenderedImage[] = [];
  for (let index = 0; index < p.numImages; index++) {
    const bytes = await renderImage({
      width,
      height,
      format: p.format,
      prompt: p.prompt,
      seed: p.seed,
      index,
      inputs,
    });
    images.push({ bytes, width, height, contentType });
  }
  return images;
}

/** An input image as the renderer sees it: its bytes where they can be read, else its URL. */
function readableInput(files: FileStore, url: string): Uint8Array | string {
  if (url.startsWith('data:')) return parseDataUri(url)?.bytes ?? url;
  const resolved = files.isOwnUrl(url) ? files.resolve(url) : undefined;
  return resolved?.ok ? resolved.file.bytes : url;
}

/** Stores rendered images and signs their URLs; the expiry counts from now, when the job ends. */
export function publishOutputs(
  files: FileStore,
  job: Job,
  rendered: readonly RenderedImage[],
  ttlMs: number,
): OutputImage[] {
  return rendered.map(({ bytes, width, height, contentType }) => {
    const file = files.add(
      {
        provider: job.provider,
        model: job.model.endpoint,
        jobId: job.id,
        bytes,
        contentType,
        width,
        height,
      },
      ttlMs,
    );
    const url = job.params.syncMode
      ? `data:${contentType};base64,${bytes.toString('base64')}`
      : files.urlFor(file);
    return { url, width, height, contentType, bytes: bytes.length };
  });
}

/** USD per output image: the catalog price (with its resolution factor) or the stand-in. */
export function pricePerImage(job: Job, fallbackUsd: number): number {
  const pricing = job.model.pricing;
  if (pricing?.kind !== 'per_image') return fallbackUsd;
  return pricing.usd * (pricing.resolutionMultipliers?.[job.params.resolution] ?? 1);
}

/** A decimal string with at least two decimals and no float noise: 0.3 -> "0.30". */
export function usdString(amount: number): string {
  const fixed = amount.toFixed(6).replace(/0+$/, '');
  const [whole, frac = ''] = fixed.split('.');
  return `${whole}.${frac.padEnd(2, '0')}`;
}

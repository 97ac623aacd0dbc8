import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import { ProviderError } from './types';
import type { ImageInput } from './types';

/** Helpers both adapters use to turn ImageInputs into strings for `image_urls`. */

export const MIB = 1024 * 1024;

type BytesImage = Extract<ImageInput, { kind: 'bytes' }>;

/** `"cat.png" (image 2)`: how an image is named in messages shown on the node. */
export function imageLabel(image: ImageInput, index: number): string {
  const name = image.kind === 'bytes' ? `"${image.name}"` : 'URL';
  return `${name} (image ${index + 1})`;
}

export function imageError(provider: ProviderId, message: string): ProviderError {
  return new ProviderError({
    provider,
    kind: 'validation',
    delivery: 'no',
    message: `${PROVIDER_NAMES[provider]}: ${message}`,
  });
}

/**
 * A URL input goes to the provider as is; only web URLs and data URIs make sense to
 * a remote server (a file: or blob: URL would fail there, later and less clearly).
 */
export function checkUrlInput(provider: ProviderId, url: string, index: number): string {
  if (!/^(https?:\/\/|data:)/i.test(url)) {
    throw imageError(
      provider,
      `image ${index + 1} is not an http(s) or data: URL, so the provider cannot fetch it.`,
    );
  }
  return url;
}

/** Providers accept image/* only; anything else is refused before upload. */
export function checkMime(provider: ProviderId, image: BytesImage, index: number): string {
  const mime = image.mimeType.trim().toLowerCase();
  if (!/^image\/[a-z0-9.+-]+$/.test(mime)) {
    throw imageError(
      provider,
      `${imageLabel(image, index)} has type "${image.mimeType}", which is not an image type.`,
    );
  }
  return mime;
}

export function toDataUri(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

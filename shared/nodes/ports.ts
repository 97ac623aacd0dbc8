import type { PortType } from './spec';

/**
 * Whether an output of type `from` may feed an input of type `to`. A single image
 * may join an image list; a list feeds a list (all its images); a list never feeds
 * a single-image input (use the model's `image` output for the first).
 */
export function canConnect(from: PortType, to: PortType): boolean {
  if (from === to) return true;
  return from === 'image' && to === 'image[]';
}

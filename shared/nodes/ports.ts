import type { PortType } from './spec';

/**
 * Whether an output of type `from` may feed an input of type `to`. A single image
 * may join an image list; a list feeds a list (all its images); a list never feeds
 * a single-image input (use the model's `image` output for the first). Use
 * `resolvedOutputType` first where a reroute may be the source.
 */
export function canConnect(from: PortType, to: PortType): boolean {
  // A reroute's port before it is wired: what it carries is decided by its wires.
  if (from === 'any' || to === 'any') return true;
  if (from === to) return true;
  return from === 'image' && to === 'image[]';
}

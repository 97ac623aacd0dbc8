import { describe, expect, it } from 'vitest';
import { sceneFor, sceneOffset } from './sceneCache';

describe('the overview picture kept for pans', () => {
  const bounds = { x: 100, y: 50, width: 4000, height: 2000 };

  it('holds the whole graph at the current zoom, with its corner at the bitmap origin plus a margin', () => {
    const scene = sceneFor(bounds, { x: 10, y: 20, zoom: 0.1 }, 1280, 800)!;
    expect(scene).toEqual({ width: 432, height: 232, view: { x: 6, y: 11, zoom: 0.1 } });
    // Drawn at the view's offset, in whole pixels.
    expect(sceneOffset(scene, { x: 10.4, y: 20.6, zoom: 0.1 })).toEqual({ x: 4, y: 10 });
  });

  it('is not kept when the graph at this zoom is larger than two screens (culling draws a part)', () => {
    expect(sceneFor(bounds, { x: 0, y: 0, zoom: 0.8 }, 1280, 800)).toBeNull();
    expect(sceneFor(null, { x: 0, y: 0, zoom: 0.1 }, 1280, 800)).toBeNull();
  });
});

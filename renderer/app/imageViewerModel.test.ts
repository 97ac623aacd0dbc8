import { describe, expect, it } from 'vitest';
import type { OutputImage } from '../../shared/run/events';
import { testGraph } from '../../shared/testing/testGraph';
import {
  MAX_ZOOM,
  actualSize,
  clampPan,
  fitView,
  fitZoom,
  panBy,
  viewerGallery,
  viewerKeyAction,
  wheelFactor,
  zoomBy,
  zoomLabel,
} from './imageViewerModel';

const img = (n: number): OutputImage => ({
  hash: n.toString(16).padStart(64, '0'),
  mimeType: 'image/png',
  width: 4000,
  height: 2000,
  bytes: 1,
});
const IMAGE = { width: 4000, height: 2000 };
const STAGE = { width: 1000, height: 800 };

describe('viewerKeyAction', () => {
  it('maps arrows to next/previous, + - 1 0 to zoom, Escape to close, and leaves other keys alone', () => {
    const keys = ['ArrowRight', 'ArrowLeft', '+', '=', '-', '1', '0', 'Escape', 'a', 'Enter'];
    expect(keys.map((key) => viewerKeyAction({ key }))).toEqual([
      'next',
      'previous',
      'zoom-in',
      'zoom-in',
      'zoom-out',
      'actual-size',
      'fit',
      'close',
      null,
      null,
    ]);
  });

  it('leaves Ctrl/Cmd+arrows and Alt chords to the system', () => {
    expect(viewerKeyAction({ key: 'ArrowRight', ctrlKey: true })).toBeNull();
    expect(viewerKeyAction({ key: 'ArrowLeft', metaKey: true })).toBeNull();
    expect(viewerKeyAction({ key: '+', altKey: true })).toBeNull();
  });
});

describe('zoom and pan', () => {
  it('fits the whole image to the stage, enlarging a small one', () => {
    expect(fitZoom(IMAGE, STAGE)).toBe(0.25);
    expect(fitZoom({ width: 200, height: 100 }, STAGE)).toBe(5);
    expect(fitView(IMAGE, STAGE)).toEqual({ zoom: 0.25, x: 0, y: 0, fitted: true });
  });

  it('zooms about the pointer: the image point under it stays put', () => {
    const start = fitView(IMAGE, STAGE);
    const at = { x: 200, y: -100 };
    const next = zoomBy(start, 2, IMAGE, STAGE, at);
    expect(next.zoom).toBe(0.5);
    expect(next.fitted).toBe(false);
    // The image point under the pointer, before and after.
    const before = { x: (at.x - start.x) / start.zoom, y: (at.y - start.y) / start.zoom };
    const after = { x: (at.x - next.x) / next.zoom, y: (at.y - next.y) / next.zoom };
    expect(after).toEqual(before);
  });

  it('stops at the largest zoom, and a wheel notch is one step each way', () => {
    let view = fitView(IMAGE, STAGE);
    for (let i = 0; i < 100; i++) view = zoomBy(view, 2, IMAGE, STAGE);
    expect(view.zoom).toBe(MAX_ZOOM);
    expect(zoomBy(view, 2, IMAGE, STAGE)).toBe(view);
    expect(wheelFactor(-100)).toBeCloseTo(1.25);
    expect(wheelFactor(100)).toBeCloseTo(0.8);
  });

  it('shows 1:1 centred, and pans only as far as the image overhangs the stage', () => {
    const one = actualSize(IMAGE, STAGE);
    expect(one).toEqual({ zoom: 1, x: 0, y: 0, fitted: false });
    expect(zoomLabel(one.zoom)).toBe('100%');
    // 4000 px on a 1000 px stage: 1500 px over each side at most.
    expect(panBy(one, 10_000, -10_000, IMAGE, STAGE)).toMatchObject({ x: 1500, y: -600 });
    // Smaller than the stage: it stays centred.
    expect(clampPan({ zoom: 0.1, x: 50, y: 50, fitted: false }, IMAGE, STAGE)).toMatchObject({
      x: 0,
      y: 0,
    });
  });
});

describe('viewerGallery', () => {
  it('walks the run images in the document order of their nodes, starting at the one opened', () => {
    const g = testGraph();
    const a = g.preview({}, { id: 'a' });
    const b = g.preview({}, { id: 'b' });
    const c = g.preview({}, { id: 'c' });
    const run = {
      [b]: { state: 'done' as const, since: 0, images: [img(3)] },
      [a]: { state: 'done' as const, since: 0, images: [img(1), img(2)] },
      // A Preview showing b's image: listed once, at b.
      [c]: { state: 'done' as const, since: 0, images: [img(3)] },
    };
    const out = viewerGallery(g.doc(), run, {
      image: img(3),
      nodeId: b,
      index: 0,
      images: [img(3)],
    });
    expect(out.entries.map((e) => [e.nodeId, e.image.hash.slice(-1)])).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', '3'],
    ]);
    expect(out.index).toBe(2);
    const fromPreview = viewerGallery(g.doc(), run, {
      image: img(3),
      nodeId: c,
      index: 0,
      images: [img(3)],
    });
    expect(fromPreview.index).toBe(2);
  });

  it('walks only the images it was given when they are not the run’s', () => {
    const g = testGraph();
    g.loadImage('x.png', { id: 'l' });
    const out = viewerGallery(
      g.doc(),
      {},
      {
        image: img(5),
        nodeId: 'l',
        index: 0,
        images: [img(5)],
      },
    );
    expect(out).toEqual({ entries: [{ image: img(5), nodeId: 'l' }], index: 0 });
  });
});

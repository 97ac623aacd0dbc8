/**
 * What both bench pages expose to the driver (bench/canvas.mjs) as `window.__bench`:
 * when the graph was first drawn, a requestAnimationFrame recorder for fps and p95,
 * a pointermove counter, and a way to set the viewport.
 */
export interface BenchProbe {
  kind: 'nodeloom' | 'litegraph';
  n: number;
  /** ms since navigation start of the first frame after the graph was drawn; null until then. */
  readyMs: number | null;
  /** Set the viewport (flow/graph space: screen = pos * zoom + (x, y)); resolves once drawn. */
  setViewport(v: { x: number; y: number; zoom: number }): Promise<number>;
  fitViewport: { x: number; y: number; zoom: number };
  /** The view at load: zoom 1 at the graph's top-left corner. */
  zoom1Viewport: { x: number; y: number; zoom: number };
  /** A client point where a press drags a node (its title bar), near the view's centre. */
  nodePoint(): { x: number; y: number } | null;
  startFrames(): void;
  /** The rAF timestamps since startFrames. */
  stopFrames(): number[];
  pointerMoves: number;
  /** Whether a drag starting at this client point pans (empty canvas, no node). */
  emptyAt(x: number, y: number): boolean;
  domNodes(): number;
  /** Memory page only: puts run states with images on the model nodes. */
  addOutputs?(images: number): Promise<number>;
  errors: string[];
}

declare global {
  interface Window {
    __bench?: BenchProbe;
  }
}

export function createProbe(
  kind: BenchProbe['kind'],
  n: number,
  fitViewport: BenchProbe['fitViewport'],
  setViewport: BenchProbe['setViewport'],
  emptyAt: BenchProbe['emptyAt'],
  nodePoint: BenchProbe['nodePoint'],
  zoom1Viewport: BenchProbe['zoom1Viewport'],
): BenchProbe {
  let frames: number[] = [];
  let recording = false;
  const tick = (t: number) => {
    if (!recording) return;
    frames.push(t);
    requestAnimationFrame(tick);
  };
  const probe: BenchProbe = {
    kind,
    n,
    readyMs: null,
    setViewport,
    fitViewport,
    zoom1Viewport,
    nodePoint,
    startFrames() {
      frames = [];
      recording = true;
      requestAnimationFrame(tick);
    },
    stopFrames() {
      recording = false;
      return frames;
    },
    pointerMoves: 0,
    emptyAt,
    domNodes: () => document.getElementsByTagName('*').length,
    errors: [],
  };
  window.addEventListener('pointermove', () => probe.pointerMoves++, {
    capture: true,
    passive: true,
  });
  window.addEventListener('error', (e) => probe.errors.push(String(e.message)));
  window.__bench = probe;
  return probe;
}

/** Calls `done(t)` with the timestamp of the first frame after `check()` holds. */
export function whenDrawn(check: () => boolean, done: (t: number) => void, timeoutMs = 120_000) {
  const start = performance.now();
  const poll = () => {
    if (check()) requestAnimationFrame((t) => done(t));
    else if (performance.now() - start > timeoutMs) done(Number.NaN);
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

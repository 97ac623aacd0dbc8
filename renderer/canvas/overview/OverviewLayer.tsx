import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { Connection } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useApp } from '../../host/appContext';
import { thumbSizeFor } from '../../host/thumbSize';
import { useGraphActions, useGraphStore, useRunStore } from '../../store/context';
import type { WireEnd } from '../compat';
import { imageGridLayout } from '../NodeImages';
import { connectIfValid } from '../wires';
import { drawOverview } from './draw';
import type { Scene } from './draw';
import { boundsOf, overviewLabel, overviewModel } from './layout';
import type { OverviewBox, View } from './layout';
import { readPalette } from './palette';
import type { OverviewPalette } from './palette';
import { attachOverviewPointer } from './pointer';
import { sceneFor, sceneOffset } from './sceneCache';
import type { CachedScene } from './sceneCache';
import { cachedMeasure } from './titles';

/** Thumbnails kept decoded for the overview; past this the cache starts again. */
const MAX_THUMBS = 400;
/** A model shows at most this many images (NodeView); the overview asks for the same thumbnail size. */
const NODE_IMAGES = 4;

/**
 * The graph below the detail zoom (detail.ts): every node, wire, run state and loaded
 * thumbnail drawn on one <canvas> in one pass per frame, instead of thousands of DOM
 * nodes. It is a projection of the graph and run stores, drawn at React Flow's
 * viewport; React Flow keeps panning and zooming, the overview takes presses on its
 * boxes (pointer.ts). Render it inside <ReactFlow> while zoomed out.
 */
export function OverviewLayer({
  openPaletteAt,
}: {
  openPaletteAt(client: { x: number; y: number }, wire?: WireEnd): void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rf = useStoreApi();
  const flow = useReactFlow();
  const graph = useGraphStore();
  const runs = useRunStore();
  const actions = useGraphActions();
  const { registry, host } = useApp();
  // Latest callbacks for the long-lived listeners below.
  const palette = useRef(openPaletteAt);
  palette.current = openPaletteAt;

  useEffect(() => {
    const canvas = canvasRef.current;
    const el = canvas?.closest<HTMLElement>('.nl-canvas') ?? canvas?.parentElement;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !el || !ctx) return;
    const measure = cachedMeasure(ctx);
    // The theme's colours, read from the stylesheets once per theme change, not per frame.
    let colours: OverviewPalette = readPalette((name) =>
      getComputedStyle(canvas).getPropertyValue(name),
    );
    const themeChanged = () => {
      const style = getComputedStyle(canvas);
      colours = readPalette((name) => style.getPropertyValue(name));
      schedule();
    };
    const themeObserver = new MutationObserver(themeChanged);
    themeObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', themeChanged);
    const thumbs = new Map<string, HTMLImageElement>();
    let frame = 0;
    let cache: { bitmap: HTMLCanvasElement; key: unknown[] } | null = null;
    // Bumped when a thumbnail loads: the cached picture must be drawn again.
    let loaded = 0;
    const schedule = () => {
      frame ||= requestAnimationFrame(draw);
    };
    const view = (): View => {
      const [x, y, zoom] = rf.getState().transform;
      return { x, y, zoom };
    };
    const model = () => {
      const g = graph.getState();
      return overviewModel(g.doc, registry, g.measured);
    };
    const thumbnail = (box: OverviewBox, flowPx: number) => {
      const image = runs.getState().nodes[box.id]?.images?.[0];
      if (!image) return null;
      const images = runs.getState().nodes[box.id]?.images?.length ?? 1;
      // The size the node's DOM view asks for at zoom 1: most often already in the cache.
      const cell = Math.max(flowPx, imageGridLayout(images, NODE_IMAGES, box.w).cellWidth);
      const url = host.thumbUrl(image.hash, thumbSizeFor(cell));
      let img = thumbs.get(url);
      if (!img) {
        if (thumbs.size >= MAX_THUMBS) thumbs.clear();
        img = new Image();
        img.decoding = 'async';
        img.onload = () => {
          loaded++;
          schedule();
        };
        img.src = url;
        thumbs.set(url, img);
      }
      return img.complete && img.naturalWidth > 0 ? img : null;
    };
    const pointer = attachOverviewPointer({
      el,
      model,
      view,
      store: graph,
      registry,
      actions,
      connect: (c: Connection) => connectIfValid(graph, registry, actions, c),
      openPaletteAt: (client, wire) => palette.current(client, wire),
      focus(id) {
        const box = model().byId.get(id);
        if (!box) return;
        actions.setSelection([box.id as never], []);
        void flow.setCenter(box.x + box.w / 2, box.y + Math.min(box.h, 400) / 2, {
          zoom: 1,
          duration: 250,
        });
      },
      redraw: schedule,
    });

    function draw() {
      frame = 0;
      if (!canvas || !ctx) return;
      const { width, height } = rf.getState();
      const dpr = window.devicePixelRatio || 1;
      const w = Math.round(width * dpr);
      const h = Math.round(height * dpr);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      const g = graph.getState();
      const v = view();
      const m = model();
      const scene = {
        model: m,
        view: v,
        width,
        height,
        dpr,
        selectedNodes: new Set(g.selectedNodeIds),
        selectedEdges: new Set(g.selectedEdgeIds),
        hovered: pointer.overlay.hovered,
        run: runs.getState().nodes,
        thumbnail,
        measure,
        palette: colours,
        selectionBox: pointer.overlay.selectionBox,
        pendingWire: pointer.overlay.pendingWire,
      };
      // What the picture depends on besides the offset: the same key, the same bitmap.
      const key = [
        m,
        v.zoom,
        g.selectedNodeIds,
        g.selectedEdgeIds,
        scene.hovered,
        scene.run,
        loaded,
        dpr,
        colours,
      ];
      const gesture = scene.selectionBox || scene.pendingWire;
      const cached = gesture ? null : sceneFor(boundsOf(m.drawn, m.groups), v, width, height);
      if (!cached) drawOverview(ctx, scene);
      else {
        if (!cache || cache.key.some((k, i) => k !== key[i]))
          cache = renderScene(cached, scene, key);
        const at = sceneOffset(cached, v);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, w, h);
        ctx.drawImage(cache.bitmap, at.x * dpr, at.y * dpr);
      }
      // For tests and the bench: which view the pixels show.
      canvas.dataset.view = `${v.x},${v.y},${v.zoom}`;
      // A picture needs words for those who cannot see it (and for tests).
      const label = overviewLabel(m);
      if (canvas.getAttribute('aria-label') !== label) canvas.setAttribute('aria-label', label);
    }

    /** Draws the whole graph into the cache bitmap. */
    function renderScene(at: CachedScene, scene: Scene, key: unknown[]) {
      const bitmap = cache?.bitmap ?? document.createElement('canvas');
      const bw = Math.round(at.width * scene.dpr);
      const bh = Math.round(at.height * scene.dpr);
      if (bitmap.width !== bw || bitmap.height !== bh) {
        bitmap.width = bw;
        bitmap.height = bh;
      }
      const bctx = bitmap.getContext('2d');
      if (bctx) drawOverview(bctx, { ...scene, view: at.view, width: at.width, height: at.height });
      return { bitmap, key };
    }

    const unsubscribe = [
      rf.subscribe((s, prev) => {
        if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height)
          schedule();
      }),
      graph.subscribe((s, prev) => {
        if (
          s.doc !== prev.doc ||
          s.measured !== prev.measured ||
          s.selectedNodeIds !== prev.selectedNodeIds ||
          s.selectedEdgeIds !== prev.selectedEdgeIds
        )
          schedule();
      }),
      runs.subscribe((s, prev) => {
        if (s.nodes !== prev.nodes) schedule();
      }),
    ];
    // The first picture goes out with the frame that shows the layer.
    draw();
    return () => {
      cancelAnimationFrame(frame);
      themeObserver.disconnect();
      scheme.removeEventListener('change', themeChanged);
      pointer.detach();
      for (const u of unsubscribe) u();
      for (const img of thumbs.values()) img.onload = null;
    };
  }, [rf, flow, graph, runs, actions, registry, host]);

  return (
    <canvas ref={canvasRef} className="nl-overview" data-testid="canvas-overview" role="img" />
  );
}

import '@comfyorg/litegraph/style.css';
import { LGraph, LGraphCanvas, LGraphNode, LiteGraph } from '@comfyorg/litegraph';
import type { ParamValue } from '../../shared/graph/document';
import type { NodeSpec } from '../../shared/nodes/spec';
import { VIEW_H, VIEW_W, benchRegistry, fitViewport, makeGraph, query } from './graph';
import { createProbe, whenDrawn } from './probe';

/**
 * The same workflows drawn by ComfyUI's canvas library. One litegraph node type per
 * Nodeloom node type, with the same inputs, outputs and widgets (text -> "text",
 * number -> "number", select -> "combo", toggle -> "toggle"), at the same positions,
 * wired by the same edges. litegraph has no multi-line text widget of its own
 * (ComfyUI overlays a DOM textarea); here a prompt is a one-line "text" widget. An
 * input takes one link in litegraph, so a list input with k wires gets k slots
 * (`image_urls`, `image_urls_2`, as ComfyUI's dynamic inputs do). Nodes are added
 * as ComfyUI's graph.configure does: execution order computed once at the end.
 */
const n = Number(query().get('n') ?? 100);
const registry = benchRegistry();
const { doc, bounds } = makeGraph(n);

const noop = () => {};

function registerType(spec: NodeSpec) {
  class BenchNode extends LGraphNode {
    constructor(title?: string) {
      super(title ?? spec.title);
      for (const p of spec.inputs) this.addInput(p.id, p.type);
      for (const p of spec.outputs) this.addOutput(p.id, p.type);
      for (const w of spec.widgets) {
        const value = (w.default ?? null) as ParamValue;
        if (w.kind === 'select')
          this.addWidget('combo', w.key, String(value ?? w.options[0] ?? ''), noop, {
            values: w.options.map(String),
          });
        else if (w.kind === 'number')
          this.addWidget('number', w.key, typeof value === 'number' ? value : 0, noop, {
            min: w.min ?? 0,
            max: w.max ?? 1e9,
            step2: 1,
            precision: w.integer ? 0 : 2,
          });
        else if (w.kind === 'toggle') this.addWidget('toggle', w.key, value === true, noop, {});
        else this.addWidget('text', w.key, typeof value === 'string' ? value : '', noop, {});
      }
    }
  }
  LiteGraph.registerNodeType(spec.type, BenchNode);
}

for (const spec of registry.all()) registerType(spec);

const el = document.createElement('canvas');
el.width = VIEW_W;
el.height = VIEW_H;
document.getElementById('root')?.appendChild(el);

const graph = new LGraph();
const canvas = new LGraphCanvas(el, graph);
const byId = new Map<string, LGraphNode>();
const wiresInto = new Map<string, number>();
for (const e of doc.edges) {
  const key = `${e.target}/${e.targetHandle}`;
  wiresInto.set(key, (wiresInto.get(key) ?? 0) + 1);
}
for (const node of doc.nodes) {
  const lg = LiteGraph.createNode(node.type, registry.get(node.type)?.title);
  if (!lg) throw new Error(`litegraph: no type ${node.type}`);
  lg.pos = [node.position.x, node.position.y];
  for (const w of lg.widgets ?? []) {
    const v = node.params[w.name];
    if (v !== undefined && v !== null && typeof v !== 'object') w.value = v as never;
  }
  for (const p of registry.get(node.type)?.inputs ?? []) {
    const k = wiresInto.get(`${node.id}/${p.id}`) ?? 0;
    for (let j = 2; j <= k; j++) lg.addInput(`${p.id}_${j}`, p.type);
  }
  lg.setSize(lg.computeSize());
  graph.add(lg, true);
  byId.set(node.id, lg);
}
const used = new Map<string, number>();
for (const e of doc.edges) {
  const s = byId.get(e.source);
  const t = byId.get(e.target);
  if (!s || !t) continue;
  const key = `${e.target}/${e.targetHandle}`;
  const j = (used.get(key) ?? 0) + 1;
  used.set(key, j);
  s.connect(e.sourceHandle, t, j === 1 ? e.targetHandle : `${e.targetHandle}_${j}`);
}
graph.updateExecutionOrder();

const setView = (v: { x: number; y: number; zoom: number }) => {
  canvas.ds.scale = v.zoom;
  canvas.ds.offset = [v.x / v.zoom, v.y / v.zoom];
  canvas.setDirty(true, true);
};
setView(doc.viewport);

const probe = createProbe(
  'litegraph',
  doc.nodes.length,
  fitViewport(bounds),
  (v) => {
    setView(v);
    return new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame((t) => resolve(t))),
    );
  },
  (x, y) => {
    const rect = el.getBoundingClientRect();
    const p = canvas.ds.convertCanvasToOffset([x - rect.left, y - rect.top]);
    return !graph.getNodeOnPos(p[0] ?? 0, p[1] ?? 0);
  },
  () => {
    // The node whose title bar (above its pos, NODE_TITLE_HEIGHT tall) is nearest the centre.
    const rect = el.getBoundingClientRect();
    const centre = canvas.ds.convertCanvasToOffset([VIEW_W / 2, VIEW_H / 2]);
    let best: LGraphNode | undefined;
    let bestD = Infinity;
    for (const node of graph.nodes) {
      const d = Math.hypot(node.pos[0] - (centre[0] ?? 0), node.pos[1] - (centre[1] ?? 0));
      if (d < bestD) [best, bestD] = [node, d];
    }
    if (!best) return null;
    const p = canvas.ds.convertOffsetToCanvas([
      best.pos[0] + 40,
      best.pos[1] - LiteGraph.NODE_TITLE_HEIGHT / 2,
    ]);
    return { x: rect.left + (p[0] ?? 0), y: rect.top + (p[1] ?? 0) };
  },
  doc.viewport,
);
// Drawn: litegraph has rendered a frame with the graph (its render loop draws when dirty).
let frames = 0;
whenDrawn(
  () => ++frames > 1 && graph.nodes.length === doc.nodes.length,
  (t) => {
    probe.readyMs = t;
  },
);

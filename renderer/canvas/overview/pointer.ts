import type { Connection } from '@xyflow/react';
import type { Position } from '../../../shared/graph/document';
import type { NodeId } from '../../../shared/graph/ids';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { PortType } from '../../../shared/nodes/spec';
import type { GraphStore } from '../../store/graphStore';
import type { GraphActions } from '../../store/types';
import { compatiblePort } from '../compat';
import type { WireEnd } from '../compat';
import { PORT_MIN_ZOOM } from './draw';
import { boxAt, boxesTouching, portAt } from './layout';
import type { OverviewModel, PortHit, Rect, View } from './layout';

/**
 * Selection, hover, drag and wiring on the overview: the boxes are pixels on one
 * canvas, so pointer events are taken on the canvas container (capture phase) and
 * hit-tested against the model. What misses every box (a plain drag on empty canvas,
 * the wheel) goes on to React Flow, which pans and zooms as at any other zoom.
 */

/** Moves below this many screen px are a click, not a drag (React Flow's nodeDragThreshold). */
const DRAG_THRESHOLD = 2;
/** How close to a port's dot (screen px) a press grabs the port. */
const PORT_GRAB_PX = 9;

export interface PointerDeps {
  /** The element whose pointer events are taken (the canvas container). */
  el: HTMLElement;
  model(): OverviewModel;
  view(): View;
  store: GraphStore;
  registry: NodeRegistry;
  actions: Pick<GraphActions, 'dispatch' | 'dragNodes' | 'setSelection'>;
  connect(c: Connection): boolean;
  /** A wire dropped on empty canvas: the palette for it. */
  openPaletteAt(client: { x: number; y: number }, wire: WireEnd): void;
  /** Double-click on a box: show that node up close. */
  focus(nodeId: string): void;
  /** Something the overview draws changed (hover, selection box, pending wire). */
  redraw(): void;
}

/** What the overview draws on top of the store's state while a gesture runs. */
export interface PointerOverlay {
  hovered: string | null;
  selectionBox: Rect | null;
  pendingWire: { from: Position; to: Position; type: PortType } | null;
}

type Gesture =
  | {
      kind: 'drag';
      start: Position;
      client: Position;
      from: Record<string, Position>;
      moved: boolean;
      last: Record<string, Position> | null;
    }
  | { kind: 'wire'; hit: PortHit }
  | { kind: 'box'; start: Position; additive: boolean }
  | { kind: 'click'; client: Position };

const additiveKey = (e: MouseEvent) => e.shiftKey || e.ctrlKey || e.metaKey;

/** Starts listening; returns what the overview draws from the gestures, and a detach. */
export function attachOverviewPointer(deps: PointerDeps): {
  overlay: PointerOverlay;
  detach(): void;
} {
  const { el, store, actions } = deps;
  const overlay: PointerOverlay = { hovered: null, selectionBox: null, pendingWire: null };
  let gesture: Gesture | null = null;

  const local = (e: MouseEvent): Position => {
    const r = el.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const toFlow = (e: MouseEvent): Position => {
    const v = deps.view();
    const p = local(e);
    return { x: (p.x - v.x) / v.zoom, y: (p.y - v.y) / v.zoom };
  };
  const onPane = (e: Event) =>
    (e.target as Element | null)?.classList?.contains('react-flow__pane');
  const take = (e: PointerEvent) => {
    // Stops React Flow's pan and selection (preventDefault also drops the mouse events d3 listens to).
    e.stopPropagation();
    e.preventDefault();
    el.setPointerCapture(e.pointerId);
  };
  const portHit = (boxes: OverviewModel['drawn'], p: Position, v: View) =>
    v.zoom >= PORT_MIN_ZOOM ? portAt(boxes, p, PORT_GRAB_PX / v.zoom) : undefined;

  function onDown(e: PointerEvent) {
    if (e.button !== 0 || !onPane(e)) return;
    const { drawn: boxes } = deps.model();
    const v = deps.view();
    const p = toFlow(e);
    const port = portHit(boxes, p, v);
    if (port) {
      take(e);
      gesture = { kind: 'wire', hit: port };
      overlay.pendingWire = { from: portPoint(port), to: p, type: port.port.type };
      deps.redraw();
      return;
    }
    const box = boxAt(boxes, p);
    if (box) {
      take(e);
      const s = store.getState();
      let ids = s.selectedNodeIds as readonly string[];
      if (additiveKey(e)) {
        const on = !ids.includes(box.id);
        ids = on ? [...ids, box.id] : ids.filter((id) => id !== box.id);
        actions.setSelection(ids as NodeId[], s.selectedEdgeIds);
        if (!on) return;
      } else if (!ids.includes(box.id)) {
        ids = [box.id];
        actions.setSelection([box.id as NodeId], []);
      }
      const from: Record<string, Position> = {};
      const byId = deps.model().byId;
      for (const id of ids) {
        const b = byId.get(id);
        if (b) from[id] = { x: b.x, y: b.y };
      }
      gesture = { kind: 'drag', start: p, client: local(e), from, moved: false, last: null };
      return;
    }
    if (additiveKey(e)) {
      take(e);
      gesture = { kind: 'box', start: local(e), additive: true };
      return;
    }
    // A plain press on empty canvas: React Flow pans; without a move it is a click.
    gesture = { kind: 'click', client: local(e) };
  }

  function onMove(e: PointerEvent) {
    const g = gesture;
    if (!g) {
      if (e.buttons === 0 && onPane(e)) hover(e);
      return;
    }
    if (g.kind === 'click') return;
    e.stopPropagation();
    const p = toFlow(e);
    if (g.kind === 'drag') {
      const c = local(e);
      if (!g.moved && Math.hypot(c.x - g.client.x, c.y - g.client.y) < DRAG_THRESHOLD) return;
      g.moved = true;
      const dx = p.x - g.start.x;
      const dy = p.y - g.start.y;
      const next: Record<string, Position> = {};
      for (const [id, at] of Object.entries(g.from)) next[id] = { x: at.x + dx, y: at.y + dy };
      g.last = next;
      actions.dragNodes(next);
    } else if (g.kind === 'wire') {
      if (overlay.pendingWire) overlay.pendingWire = { ...overlay.pendingWire, to: p };
      deps.redraw();
    } else {
      const c = local(e);
      overlay.selectionBox = {
        x: g.start.x,
        y: g.start.y,
        width: c.x - g.start.x,
        height: c.y - g.start.y,
      };
      deps.redraw();
    }
  }

  function onUp(e: PointerEvent) {
    const g = gesture;
    gesture = null;
    if (!g) return;
    if (g.kind === 'click') {
      const c = local(e);
      const still = Math.hypot(c.x - g.client.x, c.y - g.client.y) < DRAG_THRESHOLD;
      // React Flow clears its own selection on a pane click; the overview's is the store's.
      if (still && onPane(e)) actions.setSelection([], []);
      return;
    }
    e.stopPropagation();
    if (g.kind === 'drag') {
      if (g.moved && g.last) actions.dispatch({ type: 'moveNodes', positions: g.last });
    } else if (g.kind === 'wire') {
      overlay.pendingWire = null;
      dropWire(g.hit, e);
      deps.redraw();
    } else {
      const r = overlay.selectionBox;
      overlay.selectionBox = null;
      if (r) selectInside(r, g.additive);
      deps.redraw();
    }
  }

  function dropWire(from: PortHit, e: PointerEvent) {
    const { drawn: boxes } = deps.model();
    const p = toFlow(e);
    const wire: WireEnd = {
      nodeId: from.box.id,
      handleId: from.port.id,
      handleType: from.handleType,
      portType: from.port.type,
    };
    const onPort = portHit(boxes, p, deps.view());
    let to: { node: string; port: string } | undefined;
    if (onPort && onPort.handleType !== from.handleType) {
      to = { node: onPort.box.id, port: onPort.port.id };
    } else {
      const box = boxAt(boxes, p);
      const spec = box
        ? deps.registry.get(store.getState().doc.nodes.find((n) => n.id === box.id)?.type ?? '')
        : undefined;
      const port = spec ? compatiblePort(spec, wire) : undefined;
      if (box && port) to = { node: box.id, port: port.id };
      else if (!box) {
        deps.openPaletteAt({ x: e.clientX, y: e.clientY }, wire);
        return;
      }
    }
    if (!to) return;
    const out = from.handleType === 'source';
    deps.connect({
      source: out ? from.box.id : to.node,
      sourceHandle: out ? from.port.id : to.port,
      target: out ? to.node : from.box.id,
      targetHandle: out ? to.port : from.port.id,
    });
  }

  function selectInside(screen: Rect, additive: boolean) {
    const v = deps.view();
    const flowRect = {
      x: (screen.x - v.x) / v.zoom,
      y: (screen.y - v.y) / v.zoom,
      width: screen.width / v.zoom,
      height: screen.height / v.zoom,
    };
    const ids = boxesTouching(deps.model().drawn, flowRect).map((b) => b.id as NodeId);
    const s = store.getState();
    const next = additive ? [...new Set([...s.selectedNodeIds, ...ids])] : ids;
    actions.setSelection(next, additive ? s.selectedEdgeIds : []);
  }

  function hover(e: PointerEvent) {
    const { drawn: boxes } = deps.model();
    const v = deps.view();
    const p = toFlow(e);
    const port = portHit(boxes, p, v);
    const id = port ? port.box.id : (boxAt(boxes, p)?.id ?? null);
    el.style.cursor = port ? 'crosshair' : id ? 'pointer' : '';
    if (id !== overlay.hovered) {
      overlay.hovered = id;
      deps.redraw();
    }
  }

  function onLeave() {
    if (overlay.hovered === null) return;
    overlay.hovered = null;
    el.style.cursor = '';
    deps.redraw();
  }

  function onDoubleClick(e: MouseEvent) {
    if (!onPane(e)) return;
    const box = boxAt(deps.model().drawn, toFlow(e));
    if (!box) return;
    // Not the palette React Flow's pane would open: the node, up close.
    e.stopPropagation();
    deps.focus(box.id);
  }

  el.addEventListener('pointerdown', onDown, true);
  el.addEventListener('pointermove', onMove, true);
  el.addEventListener('pointerup', onUp, true);
  el.addEventListener('pointercancel', onUp, true);
  el.addEventListener('pointerleave', onLeave);
  el.addEventListener('dblclick', onDoubleClick, true);
  return {
    overlay,
    detach() {
      el.removeEventListener('pointerdown', onDown, true);
      el.removeEventListener('pointermove', onMove, true);
      el.removeEventListener('pointerup', onUp, true);
      el.removeEventListener('pointercancel', onUp, true);
      el.removeEventListener('pointerleave', onLeave);
      el.removeEventListener('dblclick', onDoubleClick, true);
      el.style.cursor = '';
    },
  };
}

const portPoint = (h: PortHit): Position => ({ x: h.box.x + h.port.dx, y: h.box.y + h.port.dy });

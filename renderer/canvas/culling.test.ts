import { describe, expect, it } from 'vitest';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { cullFlow, cullWindow, windowCovers } from './culling';
import type { OverviewBox } from './overview/layout';

const box = (id: string, x: number): OverviewBox => ({
  id,
  x,
  y: 0,
  w: 100,
  h: 100,
  title: id,
  category: 'Inputs',
  inputs: [],
  outputs: [],
});
const node = (id: string, selected = false) => ({ id, selected }) as unknown as FlowNode;
const edge = (id: string, source: string, target: string) =>
  ({ id, source, target }) as unknown as FlowEdge;

describe('culling what React Flow holds', () => {
  it('makes a window of the view with one screen of margin on each side', () => {
    expect(cullWindow({ x: -200, y: 0, zoom: 0.5 }, 400, 300)).toEqual({
      x: 400 - 800,
      y: -600,
      width: 2400,
      height: 1800,
    });
  });

  it('keeps a window until the view comes within half a screen of its edge', () => {
    const area = cullWindow({ x: 0, y: 0, zoom: 1 }, 400, 300);
    expect(windowCovers(area, { x: -150, y: 0, zoom: 1 }, 400, 300)).toBe(true);
    expect(windowCovers(area, { x: -250, y: 0, zoom: 1 }, 400, 300)).toBe(false);
    // Zooming out grows the view: a new window.
    expect(windowCovers(area, { x: 0, y: 0, zoom: 0.5 }, 400, 300)).toBe(false);
  });

  it('keeps the nodes in the window, the selected ones and the far ends of wires leaving it', () => {
    const boxes = [box('in', 0), box('far', 5000), box('wired', 9000), box('picked', 7000)];
    const nodes = [node('in'), node('far'), node('wired'), node('picked', true)];
    const edges = [edge('e1', 'in', 'wired'), edge('e2', 'far', 'wired')];
    const area = { x: -100, y: -100, width: 1000, height: 1000 };
    const out = cullFlow(nodes, edges, boxes, area);
    expect(out.nodes.map((n) => n.id)).toEqual(['in', 'wired', 'picked']);
    expect(out.edges.map((e) => e.id)).toEqual(['e1']);
    // The same inputs give the same arrays (React Flow then has nothing to do).
    expect(cullFlow(nodes, edges, boxes, area)).toBe(out);
  });

  it('swaps a dragged node into the kept lists, and recomputes when it crosses the window', () => {
    const boxes = [box('in', 0), box('far', 5000), box('wired', 9000)];
    const nodes = [node('in'), node('far'), node('wired')];
    const edges = [edge('e1', 'in', 'wired')];
    const area = { x: -100, y: -100, width: 1000, height: 1000 };
    const before = cullFlow(nodes, edges, boxes, area);
    // A drag frame: the wire's far end moves (a new object), still outside the window.
    const movedWired = node('wired');
    const frame = cullFlow([nodes[0]!, nodes[1]!, movedWired], edges, boxes, area);
    expect(frame.nodes).toEqual([nodes[0], movedWired]);
    expect(frame.nodes[1]).toBe(movedWired);
    expect(frame.edges).toBe(before.edges);
    // The far node dragged into the window: kept from now on.
    const movedFar = node('far');
    const inWindow = [box('in', 0), box('far', 200), box('wired', 9000)];
    const crossed = cullFlow([nodes[0]!, movedFar, movedWired], edges, inWindow, area);
    expect(crossed.nodes.map((n) => n.id)).toEqual(['in', 'far', 'wired']);
    expect(crossed.nodes[1]).toBe(movedFar);
  });
});

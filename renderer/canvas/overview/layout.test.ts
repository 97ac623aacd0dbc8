import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../shared/graph/document';
import { registry } from '../../store/storeTestKit';
import { estimateGeometry } from '../geometry';
import {
  boundsOf,
  boxAt,
  boxesTouching,
  cullBoxes,
  overviewModel,
  portAt,
  visibleFlowRect,
  wireVisible,
} from './layout';

const doc = {
  nodes: [
    { id: 'p', type: 'prompt', params: { text: 'x' }, position: { x: 0, y: 0 } },
    { id: 'q', type: 'prompt', params: { text: 'y' }, position: { x: 1000, y: 0 }, title: 'Sky' },
    { id: 'gone', type: 'model:nobody/none', params: {}, position: { x: 0, y: 600 } },
  ],
  edges: [{ id: 'e', source: 'p', sourceHandle: 'text', target: 'q', targetHandle: 'text' }],
  viewport: { x: 0, y: 0, zoom: 1 },
} as unknown as GraphDocument;

const prompt = estimateGeometry(registry.get('prompt')!);

describe('overviewModel', () => {
  it('puts each node at its document position with the measured size, else the estimate, and names it', () => {
    const { boxes } = overviewModel(doc, registry, { p: { width: 300, height: 200 } });
    expect(boxes[0]).toMatchObject({
      x: 0,
      y: 0,
      w: 300,
      h: 200,
      title: 'Prompt',
      category: 'Inputs',
    });
    expect(boxes[1]).toMatchObject({ w: prompt.width, h: prompt.height, title: 'Sky' });
    // An unknown type still gets a box (drawn grey), without ports.
    expect(boxes[2]).toMatchObject({ category: undefined, outputs: [] });
  });

  it('places an output port on the right edge of the measured width, where the DOM handle is', () => {
    const { boxes } = overviewModel(doc, registry, { p: { width: 300, height: 200 } });
    const handle = prompt.handles.find((h) => h.id === 'text')!;
    expect(boxes[0]!.outputs[0]).toEqual({
      id: 'text',
      type: 'text',
      dx: 300,
      dy: handle.y + handle.height! / 2,
    });
  });

  it('returns the same model for the same document and keeps the boxes of nodes a drag did not move', () => {
    const a = overviewModel(doc, registry);
    expect(overviewModel(doc, registry)).toBe(a);
    const moved = {
      ...doc,
      nodes: [{ ...doc.nodes[0]!, position: { x: 5, y: 5 } }, ...doc.nodes.slice(1)],
    };
    const b = overviewModel(moved, registry);
    expect(b.boxes[0]).toMatchObject({ x: 5, y: 5 });
    expect(b.boxes[1]).toBe(a.boxes[1]);
  });
});

describe('culling and hit-testing', () => {
  const { boxes } = overviewModel(doc, registry);

  it('culls to the boxes the viewport shows', () => {
    const rect = visibleFlowRect({ x: -50, y: -25, zoom: 0.5 }, 800, 400); // 1600 x 800 of flow
    expect(rect).toEqual({ x: 100, y: 50, width: 1600, height: 800 });
    expect(cullBoxes(boxes, rect).map((b) => b.id)).toEqual(['p', 'q', 'gone']);
    const right = visibleFlowRect({ x: -900 * 0.5, y: 0, zoom: 0.5 }, 400, 200);
    expect(cullBoxes(boxes, right).map((b) => b.id)).toEqual(['q']);
  });

  it('keeps a wire whose ends are both off screen when its curve crosses the view', () => {
    const view = { x: 400, y: -100, width: 100, height: 300 };
    expect(wireVisible({ x: 0, y: 0 }, { x: 1000, y: 100 }, view)).toBe(true);
    expect(wireVisible({ x: 0, y: 500 }, { x: 1000, y: 600 }, view)).toBe(false);
  });

  it('finds the box under a point, the last drawn on top', () => {
    const overlapping = [boxes[0]!, { ...boxes[0]!, id: 'top' }];
    expect(boxAt(overlapping, { x: 10, y: 10 })?.id).toBe('top');
    expect(boxAt(boxes, { x: 500, y: 10 })).toBeUndefined();
  });

  it('grabs the nearest port within the radius, as an output (source) or an input (target)', () => {
    const out = boxes[0]!.outputs[0]!;
    const hit = portAt(boxes, { x: out.dx + 6, y: out.dy - 3 }, 10);
    expect(hit).toMatchObject({ handleType: 'source', port: { id: 'text' } });
    expect(hit?.box.id).toBe('p');
    expect(portAt(boxes, { x: out.dx + 20, y: out.dy }, 10)).toBeUndefined();
  });

  it('selects the boxes a selection rectangle touches, dragged in any direction', () => {
    const up = { x: 1100, y: 50, width: -200, height: -100 }; // right-to-left, bottom-to-top
    expect(boxesTouching(boxes, up).map((b) => b.id)).toEqual(['q']);
  });

  it('bounds every box, for fitting the view', () => {
    expect(boundsOf([])).toBeNull();
    expect(boundsOf(boxes)).toMatchObject({ x: 0, y: 0, width: 1000 + prompt.width });
  });
});

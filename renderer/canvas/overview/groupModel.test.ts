import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../shared/graph/document';
import { GROUP_TITLE_HEIGHT } from '../../../shared/graph/groups';
import { registry } from '../../store/storeTestKit';
import { noteFirstLine, overviewLabel, overviewModel } from './layout';

const node = (id: string, x: number, y: number, extra: object = {}) => ({
  id,
  type: 'prompt',
  params: { text: id },
  position: { x, y },
  ...extra,
});

/** `a` and `b` inside the group's frame, `c` outside it; wires a->b, b->c, c->a. */
function docWith(collapsed: boolean): GraphDocument {
  return {
    nodes: [node('a', 20, 60), node('b', 300, 60, { mode: 'bypass' }), node('c', 900, 60)],
    edges: [
      { id: 'ab', source: 'a', sourceHandle: 'text', target: 'b', targetHandle: 'text' },
      { id: 'bc', source: 'b', sourceHandle: 'text', target: 'c', targetHandle: 'text' },
      { id: 'ca', source: 'c', sourceHandle: 'text', target: 'a', targetHandle: 'text' },
    ],
    groups: [
      {
        id: 'g',
        title: 'Inputs',
        color: '#3f6ea8',
        rect: { x: 0, y: 0, width: 600, height: 400 },
        ...(collapsed ? { collapsed: true } : {}),
      },
    ],
    viewport: { x: 0, y: 0, zoom: 1 },
  } as unknown as GraphDocument;
}

describe('the overview model of groups', () => {
  it('gives an open group its whole frame and keeps its member nodes and wires', () => {
    const m = overviewModel(docWith(false), registry);
    expect(m.groups).toEqual([
      {
        id: 'g',
        title: 'Inputs',
        color: '#3f6ea8',
        x: 0,
        y: 0,
        w: 600,
        h: 400,
        collapsed: false,
      },
    ]);
    expect(m.drawn.map((b) => b.id)).toEqual(['a', 'b', 'c']);
    expect(m.wires.every((w) => !w.sourceGroup && !w.targetGroup)).toBe(true);
  });

  it('draws a collapsed group as its bar, hides its members and ends their wires at the bar', () => {
    const m = overviewModel(docWith(true), registry);
    expect(m.groups[0]).toMatchObject({ h: GROUP_TITLE_HEIGHT, collapsed: true });
    expect(m.drawn.map((b) => b.id)).toEqual(['c']);
    // Every node keeps its box in document order: culling pairs them with the flow nodes.
    expect(m.boxes.map((b) => b.id)).toEqual(['a', 'b', 'c']);
    expect(m.byId.has('a')).toBe(false);
    // a->b lies inside the group: not drawn; the others meet the bar.
    expect(m.wires).toEqual([
      expect.objectContaining({ id: 'bc', sourceGroup: 'g', target: 'c' }),
      expect.objectContaining({ id: 'ca', source: 'c', targetGroup: 'g' }),
    ]);
    expect(m.wires[0]).not.toHaveProperty('targetGroup');
    expect(m.groupById.get('g')).toBe(m.groups[0]);
  });

  it('rebuilds the model when only the groups change (a collapse keeps nodes and edges)', () => {
    const open = docWith(false);
    const shut = { ...open, groups: [{ ...open.groups![0]!, collapsed: true }] };
    expect(overviewModel(open, registry).drawn).toHaveLength(3);
    expect(overviewModel(shut, registry).drawn).toHaveLength(1);
  });

  it('carries mode, colour and the built-in kinds onto the boxes', () => {
    const m = overviewModel(
      {
        nodes: [
          node('m', 0, 0, { mode: 'mute', color: 'teal' }),
          { id: 'r', type: 'reroute', params: {}, position: { x: 0, y: 300 } },
          {
            id: 'n',
            type: 'note',
            params: { text: '\n## Lighting *plan*\nmore' },
            position: { x: 0, y: 500 },
          },
        ],
        edges: [],
      } as unknown as GraphDocument,
      registry,
      { r: { width: 280, height: 90 } },
    );
    expect(m.boxes[0]).toMatchObject({ mode: 'mute', color: 'teal' });
    expect(m.boxes[0]).not.toHaveProperty('kind');
    // A reroute is its 20 px dot, the wires meeting at its centre, measured size or not.
    expect(m.boxes[1]).toMatchObject({ kind: 'reroute', w: 20, h: 20 });
    expect(m.boxes[1]!.inputs[0]).toMatchObject({ dx: 10, dy: 10 });
    expect(m.boxes[1]!.outputs[0]).toMatchObject({ dx: 10, dy: 10 });
    expect(m.boxes[2]).toMatchObject({ kind: 'note', note: 'Lighting plan' });
  });
});

describe('overviewLabel', () => {
  it('says how many nodes are drawn, the groups and the nodes bypassed or muted', () => {
    expect(overviewLabel(overviewModel(docWith(false), registry))).toBe(
      'Overview of the graph: 3 nodes, 1 group, 1 bypassed, zoom in to edit them',
    );
    expect(overviewLabel(overviewModel(docWith(true), registry))).toBe(
      'Overview of the graph: 1 node, 1 group (1 collapsed), zoom in to edit them',
    );
  });
});

describe('noteFirstLine', () => {
  it('is the first line with words, without Markdown marks', () => {
    expect(noteFirstLine('  \n- **Use** `seed` 42\nnext')).toBe('Use seed 42');
    expect(noteFirstLine('')).toBe('');
    expect(noteFirstLine(undefined)).toBe('');
  });
});

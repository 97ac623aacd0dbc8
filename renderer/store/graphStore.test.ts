import { describe, it, expect } from 'vitest';
import { edgeId, nodeId, nodeTypeId } from '../../shared/graph/ids';
import { PROMPT_NODE } from '../../shared/nodes/builtins';
import { edge, harness, wires } from './storeTestKit';
import { canUndo, isDirty } from './selectors';

const n = nodeId;

describe('addNodes', () => {
  it('adds nodes with their edges as one step that undo removes and redo restores', () => {
    const h = harness();
    const start = h.s.doc;
    h.s.dispatch({
      type: 'addNodes',
      nodes: [
        { id: n('x'), type: PROMPT_NODE, params: { text: 'x' }, position: { x: 0, y: 500 } },
        { id: n('y'), type: nodeTypeId('preview'), params: {}, position: { x: 300, y: 500 } },
      ],
      edges: [edge('ex', 'n2', 'image', 'y', 'images')],
    });
    expect(h.s.doc.nodes.map((x) => x.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'x', 'y']);
    expect(wires(h.s.doc.edges)).toContain('n2.image->y.images');
    expect(h.s.past).toHaveLength(1);
    expect(h.s.past[0]!.label).toBe('Add 2 nodes');
    const added = h.s.doc;
    h.s.undo();
    expect(h.s.doc).toEqual(start);
    h.s.redo();
    expect(h.s.doc).toEqual(added);
  });

  it('skips nodes whose id is taken and edges that would dangle, recording nothing when nothing is left', () => {
    const h = harness();
    const start = h.s.doc;
    h.s.dispatch({
      type: 'addNodes',
      nodes: [{ id: n('n1'), type: PROMPT_NODE, params: {}, position: { x: 0, y: 0 } }],
      edges: [edge('dangling', 'n1', 'text', 'nowhere', 'prompt')],
    });
    expect(h.s.doc).toBe(start);
    expect(h.s.past).toHaveLength(0);
  });
});

describe('removeElements', () => {
  it('removing a node removes its edges, and undo brings both back in their places', () => {
    const h = harness();
    const start = h.s.doc;
    h.s.dispatch({ type: 'removeElements', nodeIds: [n('n4')], edgeIds: [] });
    expect(h.s.doc.nodes.map((x) => x.id)).toEqual(['n1', 'n2', 'n3', 'n5']);
    expect(h.s.doc.edges).toEqual([]);
    h.s.undo();
    expect(h.s.doc).toEqual(start);
    h.s.redo();
    expect(h.s.doc.edges).toEqual([]);
  });

  it('removes a single edge and leaves the nodes array untouched', () => {
    const h = harness();
    const nodes = h.s.doc.nodes;
    h.s.dispatch({ type: 'removeElements', nodeIds: [], edgeIds: [edgeId('e2')] });
    expect(h.s.doc.edges.map((e) => e.id)).toEqual(['e1', 'e3', 'e4']);
    expect(h.s.doc.nodes).toBe(nodes);
  });
});

describe('moveNodes', () => {
  it('moves nodes in one step and undo puts them back', () => {
    const h = harness();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 5, y: 6 }, n2: { x: 7, y: 8 } } });
    expect(h.s.doc.nodes[0]!.position).toEqual({ x: 5, y: 6 });
    expect(h.s.past).toHaveLength(1);
    h.s.undo();
    expect(h.s.doc.nodes[0]!.position).toEqual({ x: 0, y: 0 });
  });

  it('keeps the object of every node that did not move', () => {
    const h = harness();
    const before = h.s.doc.nodes;
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 5, y: 6 } } });
    expect(h.s.doc.nodes[0]).not.toBe(before[0]);
    expect(h.s.doc.nodes.slice(1)).toEqual(before.slice(1));
    h.s.doc.nodes.slice(1).forEach((node, i) => expect(node).toBe(before[i + 1]));
  });
});

describe('connect', () => {
  it('adds a compatible connection as one step, which undo removes', () => {
    const h = harness((g) => {
      g.prompt();
      g.model('runcomfy/google/nano-banana/pro/text-to-image');
    });
    h.s.dispatch({ type: 'connect', edge: edge('c', 'n1', 'text', 'n2', 'prompt') });
    expect(wires(h.s.doc.edges)).toEqual(['n1.text->n2.prompt']);
    h.s.undo();
    expect(h.s.doc.edges).toEqual([]);
  });

  it('refuses incompatible types, unknown handles and nodes, self-loops and cycles', () => {
    const h = harness();
    const start = h.s.doc;
    const refused = [
      edge('a', 'n1', 'text', 'n4', 'image_urls'), // text into an image list
      edge('b', 'n2', 'image', 'n4', 'prompt'), // image into text
      edge('c', 'n4', 'images', 'n4', 'image_urls'), // self-loop
      edge('d', 'n1', 'nope', 'n4', 'prompt'), // unknown output
      edge('e', 'n1', 'text', 'n4', 'nope'), // unknown input
      edge('f', 'ghost', 'text', 'n4', 'prompt'), // unknown node
    ];
    for (const e of refused) h.s.dispatch({ type: 'connect', edge: e });
    expect(h.s.doc).toBe(start);
    expect(h.s.past).toHaveLength(0);
    expect(isDirty(h.s)).toBe(false);
  });

  it('refuses a connection that would close a cycle', () => {
    const h = harness((g) => {
      const a = g.model('runcomfy/google/nano-banana/pro/edit');
      const b = g.model('runcomfy/google/nano-banana/pro/edit');
      g.connect(a, 'image', b, 'image_urls');
    });
    h.s.dispatch({ type: 'connect', edge: edge('back', 'n2', 'image', 'n1', 'image_urls') });
    expect(h.s.doc.edges).toHaveLength(1);
  });

  it('replaces the edge on a single-valued input, and undo restores the old one', () => {
    const h = harness();
    h.s.dispatch({ type: 'addNodes', nodes: [{ ...h.s.doc.nodes[0]!, id: n('p2') }] });
    h.s.dispatch({ type: 'connect', edge: edge('new', 'p2', 'text', 'n4', 'prompt') });
    const intoPrompt = h.s.doc.edges.filter((e) => e.targetHandle === 'prompt');
    expect(wires(intoPrompt)).toEqual(['p2.text->n4.prompt']);
    h.s.undo();
    expect(wires(h.s.doc.edges.filter((e) => e.targetHandle === 'prompt'))).toEqual([
      'n1.text->n4.prompt',
    ]);
  });

  it('appends to a list input after the edges already there', () => {
    const h = harness();
    h.s.dispatch({ type: 'addNodes', nodes: [{ ...h.s.doc.nodes[1]!, id: n('c') }] });
    h.s.dispatch({ type: 'connect', edge: edge('ec', 'c', 'image', 'n4', 'image_urls') });
    const list = h.s.doc.edges.filter((e) => e.targetHandle === 'image_urls');
    expect(list.map((e) => e.source)).toEqual(['n2', 'n3', 'c']);
  });

  it('ignores a duplicate connection without recording a step', () => {
    const h = harness();
    const start = h.s.doc;
    h.s.dispatch({ type: 'connect', edge: edge('again', 'n2', 'image', 'n4', 'image_urls') });
    expect(h.s.doc).toBe(start);
    expect(canUndo(h.s)).toBe(false);
  });

  it('keeps only the document fields of a connection', () => {
    const h = harness((g) => {
      g.prompt();
      g.model('runcomfy/google/nano-banana/pro/text-to-image');
    });
    const extra = { ...edge('c', 'n1', 'text', 'n2', 'prompt'), animated: true };
    h.s.dispatch({ type: 'connect', edge: extra });
    expect(Object.keys(h.s.doc.edges[0]!).sort()).toEqual(
      ['id', 'source', 'sourceHandle', 'target', 'targetHandle'].sort(),
    );
  });
});

describe('setParam', () => {
  it('sets a param and undo restores the old value', () => {
    const h = harness();
    h.s.dispatch({ type: 'setParam', nodeId: n('n4'), key: 'resolution', value: '2K' });
    expect(h.s.doc.nodes[3]!.params).toEqual({ resolution: '2K' });
    h.s.undo();
    expect(h.s.doc.nodes[3]!.params).toEqual({});
    h.s.redo();
    expect(h.s.doc.nodes[3]!.params).toEqual({ resolution: '2K' });
  });

  it('deletes the param when the value is undefined', () => {
    const h = harness();
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: undefined });
    expect('text' in h.s.doc.nodes[0]!.params).toBe(false);
    h.s.undo();
    expect(h.s.doc.nodes[0]!.params).toEqual({ text: 'a cat' });
  });

  it('setParams changes several nodes in one undo step, and two in a row stay two steps', () => {
    const h = harness();
    const start = h.s.doc;
    const changes = [
      { nodeId: n('n1'), key: 'text', value: 'a dog' },
      { nodeId: n('n4'), key: 'resolution', value: '4K' },
      { nodeId: n('ghost'), key: 'text', value: 'ignored' },
    ];
    h.s.dispatch({ type: 'setParams', changes }, { label: 'Embed 2 images' });
    h.s.dispatch({
      type: 'setParams',
      changes: [{ nodeId: n('n1'), key: 'text', value: 'a fox' }],
    });
    expect(h.s.past.map((p) => p.label)).toEqual(['Embed 2 images', 'Edit 1 value']);
    h.s.undo();
    expect(h.s.doc.nodes[0]!.params).toEqual({ text: 'a dog' });
    expect(h.s.doc.nodes[3]!.params).toEqual({ resolution: '4K' });
    h.s.undo();
    expect(h.s.doc).toEqual(start);
  });

  it('records nothing when the value does not change or the node does not exist', () => {
    const h = harness();
    const start = h.s.doc;
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: 'a cat' });
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'missing', value: undefined });
    h.s.dispatch({ type: 'setParam', nodeId: n('ghost'), key: 'text', value: 'x' });
    expect(h.s.doc).toBe(start);
    expect(h.s.past).toHaveLength(0);
  });

  it('merges typing into one field into one undo step', () => {
    const h = harness();
    for (const text of ['a', 'a d', 'a do', 'a dog']) {
      h.advance(300);
      h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: text });
    }
    expect(h.s.past).toHaveLength(1);
    expect(h.s.past[0]!.label).toBe('Edit text');
    h.s.undo();
    expect(h.s.doc.nodes[0]!.params['text']).toBe('a cat');
  });

  it('starts a new step after a pause of more than one second', () => {
    const h = harness();
    const type = (value: string) =>
      h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value });
    type('a');
    h.advance(500);
    type('ab');
    h.advance(1001);
    type('abc');
    expect(h.s.past).toHaveLength(2);
    h.s.undo();
    expect(h.s.doc.nodes[0]!.params['text']).toBe('ab');
    h.s.undo();
    expect(h.s.doc.nodes[0]!.params['text']).toBe('a cat');
  });

  it('does not merge edits of different fields or nodes', () => {
    const h = harness();
    h.s.dispatch({ type: 'setParam', nodeId: n('n4'), key: 'resolution', value: '2K' });
    h.s.dispatch({ type: 'setParam', nodeId: n('n4'), key: 'aspect_ratio', value: '1:1' });
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: 'x' });
    expect(h.s.past).toHaveLength(3);
  });

  it('does not merge across a save, so undo can return to exactly what was saved', () => {
    const h = harness();
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: 'a' });
    h.s.markSaved('/tmp/a.nodeloom');
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: 'ab' });
    expect(h.s.past).toHaveLength(2);
    h.s.undo();
    expect(isDirty(h.s)).toBe(false);
  });

  it('an explicit record policy makes each edit its own step', () => {
    const h = harness();
    for (const value of ['a', 'b'])
      h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value }, { policy: 'record' });
    expect(h.s.past).toHaveLength(2);
  });
});

describe('reorderInputs', () => {
  it('changes the order of a list input, and undo restores it', () => {
    const h = harness();
    const order = () => h.s.doc.edges.filter((e) => e.targetHandle === 'image_urls');
    h.s.dispatch({
      type: 'reorderInputs',
      nodeId: n('n4'),
      handle: 'image_urls',
      edgeIds: [edgeId('e3'), edgeId('e2')],
    });
    expect(order().map((e) => e.source)).toEqual(['n3', 'n2']);
    expect(h.s.doc.edges.map((e) => e.id)).toEqual(['e1', 'e3', 'e2', 'e4']);
    h.s.undo();
    expect(order().map((e) => e.source)).toEqual(['n2', 'n3']);
  });

  it('refuses a list that is not exactly the edges into that input', () => {
    const h = harness();
    const start = h.s.doc;
    for (const ids of [['e3'], ['e3', 'e1'], ['e3', 'e3'], ['e2', 'e3']]) {
      h.s.dispatch({
        type: 'reorderInputs',
        nodeId: n('n4'),
        handle: 'image_urls',
        edgeIds: ids.map(edgeId),
      });
    }
    expect(h.s.doc).toBe(start);
    expect(h.s.past).toHaveLength(0);
  });
});

describe('dragging', () => {
  it('moves nodes live without history, then the drop records one step back to the start', () => {
    const h = harness();
    const start = h.s.doc;
    const revision = h.s.revision;
    for (let i = 1; i <= 5; i++)
      h.s.dragNodes({ n1: { x: i * 10, y: i }, n2: { x: 320 + i * 10, y: i } });
    expect(h.s.doc.nodes[0]!.position).toEqual({ x: 50, y: 5 });
    expect(h.s.past).toHaveLength(0);
    expect(h.s.revision).toBe(revision);
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 60, y: 6 }, n2: { x: 380, y: 6 } } });
    expect(h.s.past).toHaveLength(1);
    expect(isDirty(h.s)).toBe(true);
    h.s.undo();
    expect(h.s.doc.nodes.map((x) => x.position)).toEqual(start.nodes.map((x) => x.position));
    expect(isDirty(h.s)).toBe(false);
    h.s.redo();
    expect(h.s.doc.nodes[1]!.position).toEqual({ x: 380, y: 6 });
  });

  it('a drag that ends where it began records nothing and restores the original objects', () => {
    const h = harness();
    const start = h.s.doc;
    h.s.dragNodes({ n1: { x: 40, y: 40 } });
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 0, y: 0 } } });
    expect(h.s.past).toHaveLength(0);
    expect(h.s.doc.nodes).toBe(start.nodes);
  });

  it('an edit during a drag first records the drag as its own step', () => {
    const h = harness();
    h.s.dragNodes({ n1: { x: 40, y: 40 } });
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: 'x' });
    expect(h.s.past.map((e) => e.label)).toEqual(['Move', 'Edit text']);
  });
});

import { describe, expect, it } from 'vitest';
import { GROUP_PADDING, GROUP_TITLE_HEIGHT, groupMembers } from '../../shared/graph/groups';
import { edgeId, nodeId } from '../../shared/graph/ids';
import { REROUTE_NODE } from '../../shared/nodes/builtins';
import { groupFlowId } from './organise';
import { harness, wires } from './storeTestKit';

const n = nodeId;

/** The sample graph (n1..n5 in a row, 320 px apart) with n1, n2, n3 grouped. */
function grouped() {
  const h = harness();
  h.s.setMeasured({ n1: { width: 280, height: 200 }, n2: { width: 280, height: 160 } });
  h.s.setMeasured({ n3: { width: 280, height: 160 } });
  h.s.setSelection([n('n1'), n('n2'), n('n3')], []);
  const id = h.s.groupSelection()!;
  return { h, id, group: () => h.s.doc.groups!.find((g) => g.id === id)! };
}

const at = (h: ReturnType<typeof harness>, id: string) =>
  h.s.doc.nodes.find((x) => x.id === id)!.position;

describe('groups in the graph store', () => {
  it('Ctrl+G fits a group around the selected nodes with padding and room for the title, as one undo step', () => {
    const { h, group } = grouped();
    expect(group().rect).toEqual({
      x: -GROUP_PADDING,
      y: -GROUP_PADDING - GROUP_TITLE_HEIGHT,
      width: 640 + 280 + 2 * GROUP_PADDING,
      height: 200 + 2 * GROUP_PADDING + GROUP_TITLE_HEIGHT,
    });
    expect(group().title).toBe('Group');
    expect(groupMembers(h.s.doc, group())).toEqual(['n1', 'n2', 'n3']);
    expect(h.s.past.at(-1)!.label).toBe('Group');
    h.s.undo();
    expect(h.s.doc.groups ?? []).toEqual([]);
  });

  it('makes no group when nothing is selected', () => {
    const h = harness();
    expect(h.s.groupSelection()).toBeNull();
    expect(h.s.past).toHaveLength(0);
  });

  it('dragging a group moves its nodes with it, leaves the others, and is one undo step', () => {
    const { h, id, group } = grouped();
    const start = group().rect;
    const steps = h.s.past.length;
    h.s.dragNodes({ [groupFlowId(id)]: { x: start.x + 10, y: start.y + 5 } });
    h.s.dragNodes({ [groupFlowId(id)]: { x: start.x + 100, y: start.y + 50 } });
    h.s.dispatch({
      type: 'moveNodes',
      positions: { [groupFlowId(id)]: { x: start.x + 100, y: start.y + 50 } },
    });
    expect(group().rect).toMatchObject({ x: start.x + 100, y: start.y + 50 });
    expect(at(h, 'n1')).toEqual({ x: 100, y: 50 });
    expect(at(h, 'n3')).toEqual({ x: 740, y: 50 });
    expect(at(h, 'n4')).toEqual({ x: 960, y: 0 });
    expect(h.s.past).toHaveLength(steps + 1);
    expect(h.s.past.at(-1)!.label).toBe('Move');
    h.s.undo();
    expect(at(h, 'n1')).toEqual({ x: 0, y: 0 });
    expect(group().rect).toEqual(start);
  });

  it('a group dragged over a node does not pick it up: its nodes are the ones it held when the drag began', () => {
    const { h, id, group } = grouped();
    const start = group().rect;
    // Far enough right that the frame covers n4 (at x 960) halfway through the drag.
    h.s.dragNodes({ [groupFlowId(id)]: { x: start.x + 200, y: start.y } });
    h.s.dragNodes({ [groupFlowId(id)]: { x: start.x + 400, y: start.y } });
    expect(at(h, 'n4')).toEqual({ x: 960, y: 0 });
    expect(at(h, 'n1')).toEqual({ x: 400, y: 0 });
  });

  it('a node moved with its group in the same drag is placed once, where the drag puts it', () => {
    const { h, id, group } = grouped();
    const start = group().rect;
    h.s.dispatch({
      type: 'moveNodes',
      positions: { [groupFlowId(id)]: { x: start.x + 50, y: start.y }, n1: { x: 50, y: 0 } },
    });
    expect(at(h, 'n1')).toEqual({ x: 50, y: 0 });
    expect(at(h, 'n2')).toEqual({ x: 370, y: 0 });
  });

  it('ungroup removes the frame and keeps the nodes where they are; undo brings the frame back', () => {
    const { h, id } = grouped();
    const nodes = h.s.doc.nodes;
    h.s.dispatch({ type: 'removeGroup', groupId: id });
    expect(h.s.doc.groups).toBeUndefined();
    expect(h.s.doc.nodes).toBe(nodes);
    expect(h.s.past.at(-1)!.label).toBe('Ungroup');
    h.s.undo();
    expect(h.s.doc.groups!.map((g) => g.id)).toEqual([id]);
  });

  it('collapse and expand are steps of their own; the open size is kept', () => {
    const { h, id, group } = grouped();
    const rect = group().rect;
    h.s.dispatch({ type: 'updateGroup', groupId: id, changes: { collapsed: true } });
    expect(group()).toMatchObject({ collapsed: true, rect });
    expect(h.s.past.at(-1)!.label).toBe('Collapse group');
    h.s.dispatch({ type: 'updateGroup', groupId: id, changes: { collapsed: false } });
    expect(group().collapsed).toBeUndefined();
    h.s.undo();
    expect(group().collapsed).toBe(true);
  });

  it('renames to one clean line, refuses an empty name, and keeps a resize at least title-sized, one step per resize', () => {
    const { h, id, group } = grouped();
    h.s.dispatch({ type: 'updateGroup', groupId: id, changes: { title: '  Inputs\nand refs ' } });
    expect(group().title).toBe('Inputs and refs');
    const before = h.s.doc;
    h.s.dispatch({ type: 'updateGroup', groupId: id, changes: { title: '   ' } });
    expect(h.s.doc).toBe(before);
    const steps = h.s.past.length;
    const r = group().rect;
    h.s.dispatch({ type: 'updateGroup', groupId: id, changes: { rect: { ...r, width: 500 } } });
    h.s.dispatch({ type: 'updateGroup', groupId: id, changes: { rect: { ...r, width: 10 } } });
    expect(group().rect.width).toBe(160);
    expect(h.s.past).toHaveLength(steps + 1);
  });

  it('copy and paste carry a group whose nodes are all copied, with a new id, shifted with its nodes', () => {
    const { h, id, group } = grouped();
    const data = h.s.copySelection()!;
    expect(data.groups?.map((g) => g.id)).toEqual([id]);
    h.s.paste(data);
    const groups = h.s.doc.groups!;
    expect(groups).toHaveLength(2);
    const copy = groups[1]!;
    expect(copy.id).not.toBe(id);
    expect(copy.rect.x - group().rect.x).toBe(32);
    expect(groupMembers(h.s.doc, copy)).toEqual(expect.arrayContaining(h.s.selectedNodeIds));
    h.s.undo();
    expect(h.s.doc.groups).toHaveLength(1);
  });
});

describe('node modes in the graph store', () => {
  it('Ctrl+B bypasses the selection, again makes it active; Ctrl+M on a bypassed node mutes it', () => {
    const h = harness();
    h.s.setSelection([n('n4'), n('n5')], []);
    h.s.toggleMode('bypass');
    expect(h.s.doc.nodes.filter((x) => x.mode === 'bypass').map((x) => x.id)).toEqual(['n4', 'n5']);
    expect(h.s.past.at(-1)!.label).toBe('Bypass');
    h.s.toggleMode('bypass');
    expect(h.s.doc.nodes.some((x) => x.mode)).toBe(false);
    h.s.setSelection([n('n4')], []);
    h.s.toggleMode('bypass');
    h.s.toggleMode('mute');
    expect(h.s.doc.nodes.find((x) => x.id === 'n4')!.mode).toBe('mute');
    h.s.undo();
    expect(h.s.doc.nodes.find((x) => x.id === 'n4')!.mode).toBe('bypass');
  });

  it('a pasted copy of a muted node stays muted', () => {
    const h = harness();
    h.s.setSelection([n('n4')], []);
    h.s.toggleMode('mute');
    h.s.duplicateSelection();
    const copy = h.s.doc.nodes.at(-1)!;
    expect(copy.id).not.toBe('n4');
    expect(copy.mode).toBe('mute');
  });
});

describe('reroutes in the graph store', () => {
  it('Alt+click on a wire puts a reroute dot in it and keeps the wire its place in a list input', () => {
    const h = harness();
    const edges = h.s.doc.edges;
    const first = edges.find((e) => e.target === 'n4' && e.targetHandle === 'image_urls')!;
    const id = h.s.insertReroute(first.id, { x: 500, y: 300 })!;
    const node = h.s.doc.nodes.find((x) => x.id === id)!;
    expect(node).toMatchObject({ type: REROUTE_NODE, position: { x: 490, y: 290 } });
    expect(wires(h.s.doc.edges.filter((e) => e.targetHandle === 'image_urls'))).toEqual([
      `${id}.out->n4.image_urls`,
      'n3.image->n4.image_urls',
    ]);
    expect(wires(h.s.doc.edges.filter((e) => e.target === id))).toEqual([`n2.image->${id}.in`]);
    expect(h.s.past.at(-1)!.label).toBe('Insert reroute');
    h.s.undo();
    expect(h.s.doc.edges).toBe(edges);
  });

  it('does nothing for a wire that is not there', () => {
    const h = harness();
    expect(h.s.insertReroute(edgeId('nope'), { x: 0, y: 0 })).toBeNull();
    expect(h.s.past).toHaveLength(0);
  });
});

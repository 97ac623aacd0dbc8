import { describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { issuesByNode } from '../canvas/nodeIssues';
import { groupFlowId } from './organise';
import { FLOW_GROUP_TYPE, toFlowEdges, toFlowNodes } from './selectors';
import { harness, registry } from './storeTestKit';

const n = nodeId;

describe('the canvas projection of groups and modes', () => {
  it('draws groups first (behind the nodes); a collapsed group hides its nodes and their wires end at its bar', () => {
    const h = harness();
    h.s.setSelection([n('n1'), n('n2'), n('n3'), n('n4')], []);
    const id = h.s.groupSelection()!;
    const open = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured);
    expect(open[0]).toMatchObject({ id: groupFlowId(id), type: FLOW_GROUP_TYPE, zIndex: -1 });

    h.s.dispatch({ type: 'updateGroup', groupId: id, changes: { collapsed: true } });
    const nodes = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured);
    expect(nodes.filter((f) => f.hidden).map((f) => f.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(nodes.find((f) => f.id === 'n5')!.hidden).toBeUndefined();
    // Inside the group: gone; n4 -> n5 (the preview, outside): from the bar.
    const edges = toFlowEdges(h.s.doc, h.s.selectedEdgeIds, registry);
    expect(
      edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`),
    ).toEqual([`${groupFlowId(id)}.group-out->n5.images`]);
  });

  it('a bypassed node shows no problems of its own: it does not run', () => {
    const h = harness();
    h.s.dispatch({ type: 'setParam', nodeId: n('n4'), key: 'prompt', value: '' });
    h.s.dispatch({
      type: 'removeElements',
      nodeIds: [],
      edgeIds: h.s.doc.edges
        .filter((e) => e.target === 'n4' && e.targetHandle === 'prompt')
        .map((e) => e.id),
    });
    expect(issuesByNode(h.s.doc, registry).get('n4')?.length).toBeGreaterThan(0);
    h.s.setSelection([n('n4')], []);
    h.s.toggleMode('bypass');
    expect(issuesByNode(h.s.doc, registry).get('n4')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { createWorkflow, parseWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { createGraphStore } from './graphStore';
import { testRegistry } from './storeTestKit';

const image = { hash: 'c'.repeat(64), mimeType: 'image/png', width: 2, height: 2, bytes: 9 };
const pin = { images: [image], runId: 'run-1', requestId: 'req-1' };

function store() {
  const g = testGraph();
  const m = g.model(MODELS.proTextToImage, {}, { id: 'm' });
  return { m, s: createGraphStore({ registry: testRegistry(), initial: g.doc() }) };
}

describe('setPin', () => {
  it('pins and unpins a node, one undo step each, marking the document unsaved', () => {
    const { s } = store();
    s.getState().dispatch({ type: 'setPin', nodeId: nodeId('m'), pin });
    expect(s.getState().doc.nodes[0]!.pinned).toEqual(pin);
    expect(s.getState().past.at(-1)!.label).toBe('Pin output');
    expect(s.getState().revision).not.toBe(s.getState().savedRevision);
    s.getState().dispatch({ type: 'setPin', nodeId: nodeId('m'), pin: undefined });
    expect('pinned' in s.getState().doc.nodes[0]!).toBe(false);
    expect(s.getState().past.at(-1)!.label).toBe('Unpin output');
    s.getState().undo();
    expect(s.getState().doc.nodes[0]!.pinned).toEqual(pin);
    s.getState().undo();
    expect(s.getState().doc.nodes[0]!.pinned).toBeUndefined();
  });

  it('changes nothing for the same pin or an unknown node', () => {
    const { s } = store();
    s.getState().dispatch({ type: 'setPin', nodeId: nodeId('m'), pin });
    const doc = s.getState().doc;
    s.getState().dispatch({ type: 'setPin', nodeId: nodeId('m'), pin: { ...pin } });
    s.getState().dispatch({ type: 'setPin', nodeId: nodeId('nope'), pin });
    expect(s.getState().doc).toBe(doc);
    expect(s.getState().past).toHaveLength(1);
  });

  it('is saved in the workflow file and read back; files without it stay valid', () => {
    const { s } = store();
    s.getState().dispatch({ type: 'setPin', nodeId: nodeId('m'), pin });
    const parsed = parseWorkflow(serializeWorkflow(createWorkflow(s.getState().doc)));
    expect(parsed.ok && parsed.value.graph.nodes[0]!.pinned).toEqual(pin);
    const plain = parseWorkflow(serializeWorkflow(createWorkflow(store().s.getState().doc)));
    expect(plain.ok && plain.value.graph.nodes[0]!.pinned).toBeUndefined();
  });
});

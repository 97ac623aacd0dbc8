import { describe, expect, it } from 'vitest';
import { COMPONENT_INPUTS, COMPONENT_OUTPUTS } from '../../shared/graph/document';
import { nodeId } from '../../shared/graph/ids';
import { fileDocument } from './graphStore';
import { edge, harness, wires } from './storeTestKit';

/**
 * The sample graph: prompt n1 -> edit n4.prompt; load-image n2, n3 -> edit
 * n4.image_urls; edit n4.images -> preview n5.images.
 */
const n = nodeId;

function withComponent() {
  const h = harness();
  h.store.getState().setSelection([n('n3'), n('n4')], []);
  const instance = h.store.getState().makeComponent('Foggy edit')!;
  return { h, instance };
}

describe('graph store: components', () => {
  it('make component: the selection becomes one instance wired by the crossing wires, in one undo step', () => {
    const { h, instance } = withComponent();
    const doc = h.s.doc;
    expect(doc.nodes.map((x) => x.id)).toEqual(['n1', 'n2', 'n5', instance]);
    const def = Object.values(doc.components!)[0]!;
    expect(def.name).toBe('Foggy edit');
    expect(def.nodes.map((x) => x.id)).toEqual(['n3', 'n4']);
    expect(def.inputs.map((p) => [p.label, p.type])).toEqual([
      ['Prompt', 'text'],
      ['Images', 'image[]'],
    ]);
    expect(def.outputs.map((p) => [p.label, p.type])).toEqual([['Images', 'image[]']]);
    expect(wires(doc.edges)).toEqual([
      `n1.text->${instance}.in1`,
      `n2.image->${instance}.in2`,
      `${instance}.out1->n5.images`,
    ]);
    expect(h.s.selectedNodeIds).toEqual([instance]);
    h.store.getState().undo();
    expect(h.s.doc.components).toBeUndefined();
    expect(h.s.doc.nodes.map((x) => x.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    h.store.getState().redo();
    expect(h.s.doc.nodes.map((x) => x.id)).toContain(instance);
  });

  it('open shows the inside with its boundary; edits change the definition; exit comes back', () => {
    const { h, instance } = withComponent();
    h.store.getState().openComponent(instance);
    expect(h.s.frames.map((f) => f.name)).toEqual(['Foggy edit']);
    expect(h.s.doc.nodes.map((x) => x.id)).toEqual([
      COMPONENT_INPUTS,
      'n3',
      'n4',
      COMPONENT_OUTPUTS,
    ]);
    expect(wires(h.s.doc.edges)).toContain(`${COMPONENT_INPUTS}.in2->n4.image_urls`);

    h.store.getState().dispatch({ type: 'setParam', nodeId: n('n4'), key: 'prompt', value: 'fog' });
    const componentId = Object.keys(h.s.file!.components!)[0]!;
    expect(h.s.file!.components![componentId]!.nodes[1]!.params['prompt']).toBe('fog');
    // The file (what saves and runs) has the edit; the canvas shows the inside.
    expect(fileDocument(h.s).nodes.map((x) => x.id)).toContain(instance);

    h.store.getState().exitComponent();
    expect(h.s.frames).toEqual([]);
    expect(h.s.file).toBeNull();
    expect(h.s.selectedNodeIds).toEqual([instance]);
    expect(h.s.doc.components![componentId]!.nodes[1]!.params['prompt']).toBe('fog');
    expect(h.s.doc.nodes.some((x) => x.id === COMPONENT_INPUTS)).toBe(false);
  });

  it('undo and redo work across levels: an edit made inside is undone from outside', () => {
    const { h, instance } = withComponent();
    const componentId = Object.keys(h.s.doc.components!)[0]!;
    h.store.getState().openComponent(instance);
    h.store.getState().dispatch({ type: 'removeElements', nodeIds: [n('n3')], edgeIds: [] });
    expect(h.s.doc.nodes.map((x) => x.id)).not.toContain('n3');
    h.store.getState().undo();
    expect(h.s.doc.nodes.map((x) => x.id)).toContain('n3');
    h.store.getState().redo();
    h.store.getState().exitComponent();
    expect(h.s.doc.components![componentId]!.nodes.map((x) => x.id)).toEqual(['n4']);
    h.store.getState().undo();
    expect(h.s.doc.components![componentId]!.nodes.map((x) => x.id)).toEqual(['n3', 'n4']);
    // Undoing the make itself while inside returns to the workflow's level.
    h.store.getState().openComponent(instance);
    h.store.getState().undo();
    expect(h.s.frames).toEqual([]);
    expect(h.s.doc.nodes.map((x) => x.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('the boundary cannot be deleted, and dragging inside is one undo step', () => {
    const { h, instance } = withComponent();
    h.store.getState().openComponent(instance);
    h.store.getState().setSelection([n(COMPONENT_INPUTS), n('n3')], []);
    h.store.getState().deleteSelection();
    expect(h.s.doc.nodes.map((x) => x.id)).toEqual([COMPONENT_INPUTS, 'n4', COMPONENT_OUTPUTS]);
    h.store.getState().dragNodes({ n4: { x: 999, y: 5 } });
    h.store.getState().dispatch({ type: 'moveNodes', positions: { n4: { x: 1000, y: 5 } } });
    const def = () => Object.values(h.s.file!.components!)[0]!;
    expect(def().nodes[0]!.position).toEqual({ x: 1000, y: 5 });
    h.store.getState().undo();
    expect(def().nodes[0]!.position).not.toEqual({ x: 1000, y: 5 });
  });

  it('unpack puts the nodes back with the same wires (list order kept)', () => {
    const { h, instance } = withComponent();
    h.store.getState().unpackComponent(instance);
    expect(h.s.doc.nodes.map((x) => x.id).sort()).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(
      wires(h.s.doc.edges)
        .filter((w) => w.endsWith('n4.image_urls'))
        .map((w) => w.split('.')[0]),
    ).toEqual(['n2', 'n3']);
    expect(wires(h.s.doc.edges).sort()).toEqual(
      [
        'n1.text->n4.prompt',
        'n2.image->n4.image_urls',
        'n3.image->n4.image_urls',
        'n4.images->n5.images',
      ].sort(),
    );
  });

  it('inserting a library component reuses an identical definition and adds an instance', () => {
    const { h } = withComponent();
    const [id, def] = Object.entries(h.s.doc.components!)[0]!;
    const second = h.store.getState().insertComponent({ lib: def }, 'lib', { x: 10, y: 20 });
    expect(Object.keys(h.s.doc.components!)).toEqual([id]);
    expect(h.s.doc.nodes.find((x) => x.id === second)?.type).toBe(`component:${id}`);
  });

  it('inserting a different component under a taken id renames it, one undo step', () => {
    const { h } = withComponent();
    const [id, def] = Object.entries(h.s.doc.components!)[0]!;
    const other = { ...def, name: 'Other' };
    const added = h.store.getState().insertComponent({ [id]: other }, id, { x: 0, y: 0 });
    expect(Object.keys(h.s.doc.components!)).toEqual([id, `${id}-2`]);
    expect(h.s.doc.nodes.find((x) => x.id === added)?.type).toBe(`component:${id}-2`);
    h.store.getState().undo();
    expect(Object.keys(h.s.doc.components!)).toEqual([id]);
  });
});

describe('graph store: components on the clipboard', () => {
  it('a copied instance pastes into another workflow with its definition', () => {
    const { h, instance } = withComponent();
    h.store.getState().setSelection([instance], []);
    const data = h.store.getState().copySelection()!;
    const [id, def] = Object.entries(h.s.doc.components!)[0]!;
    expect(data.components).toEqual({ [id]: def });

    const other = harness();
    other.store.getState().paste(data);
    const pasted = other.s.selectedNodeIds[0]!;
    expect(other.s.doc.nodes.find((x) => x.id === pasted)?.type).toBe(`component:${id}`);
    expect(other.s.doc.components).toEqual({ [id]: def });
  });
});

describe('graph store: new ports from inside', () => {
  it('a wire to a boundary free slot adds a port named after the inner port, in one undo step', () => {
    const { h, instance } = withComponent();
    h.store.getState().openComponent(instance);
    const componentId = Object.keys(h.s.file!.components!)[0]!;
    const def = () => h.s.file!.components![componentId]!;
    // The edit's single image out, as a second output.
    h.store.getState().dispatch({
      type: 'connect',
      edge: edge('x1', 'n4', 'image', COMPONENT_OUTPUTS, '+image'),
    });
    expect(def().outputs.map((p) => [p.id, p.label, p.type])).toEqual([
      ['out1', 'Images', 'image[]'],
      ['out2', 'Image', 'image'],
    ]);
    expect(wires(h.s.doc.edges)).toContain(`n4.image->${COMPONENT_OUTPUTS}.out2`);
    // The instance shows the new port at once (its spec reads the definition).
    h.store.getState().exitComponent();
    h.store.getState().dispatch({
      type: 'connect',
      edge: edge('x2', instance, 'out2', 'n5', 'images'),
    });
    expect(wires(h.s.doc.edges)).toContain(`${instance}.out2->n5.images`);
    h.store.getState().undo();
    h.store.getState().undo();
    expect(Object.values(h.s.doc.components!)[0]!.outputs).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { makeComponent } from '../graph/componentEdit';
import { nodeId } from '../graph/ids';
import { registryFor } from '../nodes/componentSpecs';
import { MODELS, testGraph } from '../testing/testGraph';
import { catalog, useCatalog } from '../validation/validationTestKit';
import { createWorkflow, parseWorkflow, serializeWorkflow } from './format';

useCatalog();

/** A file with one component (text-to-image + edit) and one instance of it. */
function withComponent(): Record<string, unknown> {
  const g = testGraph();
  const p = g.prompt('a kite');
  const t2i = g.model(MODELS.proTextToImage);
  const edit = g.model(MODELS.proEdit, { prompt: 'at night' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  g.connect(edit, 'images', g.preview(), 'images');
  const doc = g.doc();
  const made = makeComponent(doc, [t2i, edit], {
    componentId: 'night-kite',
    instanceId: nodeId('c1'),
    name: 'Night kite',
    registry: registryFor(catalog.registry, doc),
  })!;
  return JSON.parse(serializeWorkflow(createWorkflow(made.doc))) as Record<string, unknown>;
}

type Json = { graph: { components: Record<string, Record<string, unknown[]>> } };

describe('workflow format: components', () => {
  it('a file without components opens (the field is optional) and saves without one', () => {
    const doc = testGraph();
    doc.prompt('a kite');
    const text = serializeWorkflow(createWorkflow(doc.doc()));
    const file = parseWorkflow(text);
    expect(file.ok && file.value.graph.components).toBeUndefined();
    expect(text).not.toContain('components');
  });

  it('round-trips a component definition and its instance unchanged', () => {
    const json = withComponent();
    const file = parseWorkflow(json);
    if (!file.ok) throw new Error(file.error.message);
    expect(file.value.graph.components?.['night-kite']?.name).toBe('Night kite');
    expect(file.value.graph.nodes.map((n) => n.type)).toContain('component:night-kite');
    expect(JSON.parse(serializeWorkflow(file.value))).toEqual(json);
  });

  it('an edge inside a component to a node it does not hold is refused with its JSON path', () => {
    const json = withComponent() as unknown as Json;
    const edges = json.graph.components['night-kite']!['edges']! as Array<{ target: string }>;
    edges[0]!.target = 'nowhere';
    const file = parseWorkflow(json);
    expect(file.ok).toBe(false);
    if (!file.ok)
      expect(file.error.message).toBe(
        'graph.components.night-kite.edges[0].target: no node "nowhere" in this component',
      );
  });

  it('a component port of an unknown type and a bad component id are refused by path', () => {
    const json = withComponent() as unknown as Json;
    const def = json.graph.components['night-kite']!;
    (def['inputs'] as Array<{ type: string }>)[0]!.type = 'video';
    json.graph.components['bad id!'] = def;
    const file = parseWorkflow(json);
    expect(file.ok).toBe(false);
    if (!file.ok) {
      const paths = file.error.issues.map((i) => i.path);
      expect(paths).toContain('graph.components.night-kite.inputs[0].type');
      expect(paths).toContain('graph.components.bad id!');
    }
  });

  it('a boundary edge naming an input the component does not declare is refused', () => {
    const json = withComponent() as unknown as Json;
    const edges = json.graph.components['night-kite']!['edges']! as Array<{
      source: string;
      sourceHandle: string;
    }>;
    const boundary = edges.find((e) => e.source === '@inputs')!;
    boundary.sourceHandle = 'in9';
    const file = parseWorkflow(json);
    expect(!file.ok && file.error.message).toMatch(
      /^graph\.components\.night-kite\.edges\[\d\]\.sourceHandle: no input "in9" in this component$/,
    );
  });
});

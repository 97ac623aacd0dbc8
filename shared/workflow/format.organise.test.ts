import { describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../testing/testGraph';
import { createWorkflow, parseWorkflow, serializeWorkflow } from './format';
import type { WorkflowFile } from './format';
import { CURRENT_WORKFLOW_VERSION } from './migrations';

function organisedFile(): WorkflowFile {
  const g = testGraph();
  const p = g.prompt('a lighthouse', { id: 'p' });
  const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
  g.connect(p, 'text', t2i, 'prompt');
  const doc = g.doc();
  return createWorkflow({
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === 't2i' ? { ...n, mode: 'bypass' as const } : n)),
    groups: [
      {
        id: 'g1',
        title: 'Inputs',
        color: '#3f6ea8',
        rect: { x: -20, y: -40, width: 400, height: 300 },
        collapsed: true,
      },
    ],
  });
}

const json = (file: WorkflowFile): Record<string, unknown> =>
  JSON.parse(serializeWorkflow(file)) as Record<string, unknown>;

function errorOf(raw: unknown): string {
  const r = parseWorkflow(raw);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.error.message;
}

describe('workflow format: node modes and groups (optional fields)', () => {
  it('round-trips a node mode and a group, in the same format version', () => {
    const file = organisedFile();
    const back = parseWorkflow(serializeWorkflow(file));
    expect(back.ok && back.value).toEqual(file);
    expect(file.version).toBe(CURRENT_WORKFLOW_VERSION);
  });

  it('a file without modes or groups opens unchanged: both fields are optional', () => {
    const raw = json(organisedFile());
    const graph = raw['graph'] as { nodes: Array<Record<string, unknown>>; groups?: unknown };
    for (const n of graph.nodes) delete n['mode'];
    delete graph.groups;
    const back = parseWorkflow(raw);
    expect(back.ok).toBe(true);
    expect(back.ok && back.value.graph.groups).toBeUndefined();
    expect(back.ok && back.value.graph.nodes.every((n) => n.mode === undefined)).toBe(true);
  });

  it('refuses an unknown mode, naming the node and the field', () => {
    const raw = json(organisedFile());
    (raw['graph'] as { nodes: Array<Record<string, unknown>> }).nodes[1]!['mode'] = 'disabled';
    expect(errorOf(raw)).toMatch(/^graph\.nodes\[1\]\.mode: /);
  });

  it('refuses a group without a colour of the form #rrggbb, and duplicate group ids, naming the place', () => {
    const raw = json(organisedFile());
    const groups = (raw['graph'] as { groups: Array<Record<string, unknown>> }).groups;
    groups[0]!['color'] = 'red';
    expect(errorOf(raw)).toBe('graph.groups[0].color: must be a colour like #3f6ea8');
    groups[0]!['color'] = '#3f6ea8';
    groups.push({ ...groups[0]! });
    expect(errorOf(raw)).toBe('graph.groups[1].id: duplicate group id "g1"');
  });

  it('refuses a group smaller than its title bar', () => {
    const raw = json(organisedFile());
    const group = (raw['graph'] as { groups: Array<{ rect: { height: number } }> }).groups[0]!;
    group.rect.height = 10;
    expect(errorOf(raw)).toMatch(/^graph\.groups\[0\]\.rect\.height: /);
  });
});

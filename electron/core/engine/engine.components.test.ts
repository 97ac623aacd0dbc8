import { afterEach, describe, expect, it } from 'vitest';
import { makeComponent } from '../../../shared/graph/componentEdit';
import type { GraphDocument } from '../../../shared/graph/document';
import { nodeId } from '../../../shared/graph/ids';
import { registryFor } from '../../../shared/nodes/componentSpecs';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent, journalEntries, submitRequests } from '../testing/runEvents';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
const harness = async (): Promise<Harness> => {
  const h = await startHarness();
  harnesses.push(h);
  return h;
};

/** prompt -> text-to-image -> edit (with a second, outside image) -> preview. */
function twin() {
  const g = testGraph();
  const p = g.prompt('a paper boat');
  const photo = g.loadImage('https://example.com/harbour.png');
  const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' });
  const edit = g.model(MODELS.proEdit, { prompt: 'add rain' });
  const out = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  // The list input's order crosses the component's border: outside, inside.
  g.connect(photo, 'image', edit, 'image_urls');
  g.connect(t2i, 'image', edit, 'image_urls');
  g.connect(edit, 'images', out, 'images');
  return { doc: g.doc(), t2i, edit, out };
}

function componentOf(doc: GraphDocument, inner: string[], registry: Harness['registry']) {
  const made = makeComponent(doc, inner, {
    componentId: 'rainy',
    instanceId: nodeId('c1'),
    name: 'Rainy boat',
    registry: registryFor(registry, doc),
  });
  if (!made) throw new Error('no component made');
  return made.doc;
}

const bodies = (h: Harness): unknown[] => submitRequests(h.emu).map((r) => r.body);
/** The bodies with each emulator's own output URLs (random names, its port) made comparable. */
const comparable = (h: Harness): unknown[] =>
  JSON.parse(
    JSON.stringify(bodies(h)).replace(
      new RegExp(`${h.emu.url.replace(/\/$/, '')}/storage/[^"]+`, 'g'),
      '<an output image of this run>',
    ),
  ) as unknown[];

describe('engine: components run as the nodes inside them', () => {
  it('a component-based graph sends the same request bodies as its flattened twin', async () => {
    const plain = twin();
    const a = await harness();
    const flat = await a.run(plain.doc);
    expect(flat.summary.status).toBe('succeeded');

    const b = await harness();
    const doc = componentOf(plain.doc, [plain.t2i, plain.edit], b.registry);
    expect(doc.nodes.map((n) => n.type)).toContain('component:rainy');
    const comp = await b.run(doc);
    expect(comp.summary.status).toBe('succeeded');

    expect(bodies(b)).toHaveLength(2);
    expect(comparable(b)).toEqual(comparable(a));
    expect(JSON.stringify(comparable(a))).toContain('<an output image of this run>');
    // Inner nodes run under ids made from the instance's: stable run after run.
    expect(finalEvent(comp.events, `c1/${plain.edit}`).state).toBe('done');
    expect(comp.summary.images.get(plain.out)).toHaveLength(1);
  });

  it('shares the cache with its flattened twin, and a second run sends 0 jobs', async () => {
    const plain = twin();
    const h = await harness();
    await h.run(plain.doc);
    const sent = bodies(h).length;
    expect(sent).toBe(2);

    const doc = componentOf(plain.doc, [plain.t2i, plain.edit], h.registry);
    const first = await h.run(doc);
    expect(first.summary.status).toBe('succeeded');
    expect(finalEvent(first.events, `c1/${plain.t2i}`).state).toBe('cached');
    expect(finalEvent(first.events, `c1/${plain.edit}`).state).toBe('cached');
    const again = await h.run(doc);
    expect(again.summary.status).toBe('succeeded');
    expect(bodies(h)).toHaveLength(sent);
    expect(await journalEntries(h.dataDir)).toEqual([]);
  });

  it('refuses a run whose component holds an error, naming the component and the inner node', async () => {
    const plain = twin();
    const h = await harness();
    const broken = {
      ...plain.doc,
      nodes: plain.doc.nodes.map((n) =>
        n.id === plain.edit ? { ...n, params: { ...n.params, prompt: '' } } : n,
      ),
    };
    const doc = componentOf(broken, [plain.t2i, plain.edit], h.registry);
    await expect(h.run(doc)).rejects.toThrow(/Rainy boat › Nano Banana Pro Edit[^:]*: /);
    expect(bodies(h)).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../testing/testGraph';
import { validateGraph } from './validateGraph';
import {
  catalog,
  editWithImages,
  promptedTextToImage,
  useCatalog,
  validate,
  withCode,
} from './validationTestKit';

useCatalog();

describe('a valid graph', () => {
  it('text-to-image -> edit -> preview has no issues at all', () => {
    const g = testGraph();
    const prompt = g.prompt('a red fox in the snow');
    const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1', resolution: '2K' });
    g.connect(prompt, 'text', t2i, 'prompt');
    const edit = g.model(MODELS.nb2Edit, { num_images: 2, prompt: 'add a scarf' });
    g.connect(t2i, 'images', edit, 'image_urls');
    g.connect(g.loadImage('scarf.png'), 'image', edit, 'image_urls');
    const edit2 = g.model(MODELS.runflowProEdit, { safety_tolerance: '2' });
    g.connect(g.prompt('make it night'), 'text', edit2, 'prompt');
    g.connect(edit, 'image', edit2, 'image_urls');
    g.connect(edit2, 'images', g.preview(), 'images');
    expect(validate(g)).toEqual([]);
  });

  it('an empty graph has no issues', () => {
    expect(validate(testGraph())).toEqual([]);
  });

  it('is pure: the same document gives the same issues and is not modified', () => {
    const g = testGraph();
    g.connect(g.prompt(''), 'text', g.model(MODELS.proEdit), 'image_urls');
    const doc = g.doc();
    const before = JSON.stringify(doc);
    expect(validateGraph(doc, catalog.registry)).toEqual(validateGraph(doc, catalog.registry));
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('unknown node type', () => {
  it('is an error on the node naming the type', () => {
    const g = testGraph();
    g.node('model:runcomfy/google/gone-model');
    expect(validate(g)).toEqual([
      {
        nodeId: 'n1',
        code: 'unknown-node-type',
        severity: 'error',
        message:
          'unknown node type "model:runcomfy/google/gone-model": the model may have been removed from the catalog',
      },
    ]);
  });

  it('does not also report the edges touching that node', () => {
    const g = testGraph();
    const gone = g.node('mystery');
    g.connect(g.prompt(), 'text', gone, 'whatever');
    expect(validate(g).map((i) => i.code)).toEqual(['unknown-node-type']);
  });

  it('accepts every built-in and every catalog model', () => {
    const g = testGraph();
    for (const spec of catalog.registry.all()) g.node(spec.type);
    expect(withCode(validate(g), 'unknown-node-type')).toEqual([]);
    expect(catalog.registry.all().map((s) => s.type)).toEqual(
      expect.arrayContaining([
        'prompt',
        'load-image',
        'preview',
        ...Object.values(MODELS).map((m) => `model:${m}`),
      ]),
    );
  });
});

describe('node names in messages', () => {
  it('names a node by the title the artist gave it, never by its id', () => {
    const g = testGraph();
    const p = g.prompt('a cat', { id: 'n-skzalknj', title: 'Cat prompt' });
    const out = g.preview();
    g.connect(p, 'text', out, 'images');
    const [issue] = validate(g);
    expect(issue!.message).toBe('Images takes image[], but Cat prompt → Text gives text');
    expect(issue!.message).not.toContain('n-skzalknj');
  });
});

describe('incompatible port types', () => {
  it('refuses text into an image list', () => {
    const g = testGraph();
    const prompt = g.prompt();
    const edit = editWithImages(g, MODELS.proEdit, 1);
    const edge = g.connect(prompt, 'text', edit, 'image_urls');
    expect(withCode(validate(g), 'incompatible-ports')).toEqual([
      {
        nodeId: edit,
        field: 'image_urls',
        edgeId: edge,
        code: 'incompatible-ports',
        severity: 'error',
        message: 'Images takes image[], but Prompt → Text gives text',
      },
    ]);
  });

  it('refuses an image list into a text input', () => {
    const g = testGraph();
    const t2i = promptedTextToImage(g);
    const edit = editWithImages(g, MODELS.proEdit, 1);
    const edge = g.connect(t2i, 'images', edit, 'prompt');
    expect(withCode(validate(g), 'incompatible-ports')).toEqual([
      {
        nodeId: edit,
        field: 'prompt',
        edgeId: edge,
        code: 'incompatible-ports',
        severity: 'error',
        message: 'Prompt takes text, but Nano Banana Pro (RunComfy) → Images gives image[]',
      },
    ]);
  });

  it('refuses a single image into a text input', () => {
    const g = testGraph();
    const edit = editWithImages(g, MODELS.proEdit, 1);
    g.connect(g.loadImage(), 'image', edit, 'prompt');
    const [issue] = withCode(validate(g), 'incompatible-ports');
    expect(issue).toMatchObject({ nodeId: edit, field: 'prompt' });
    expect(issue!.message).toContain('gives image');
  });

  it('accepts image -> image[], image[] -> image[] and text -> text', () => {
    const g = testGraph();
    const t2i = promptedTextToImage(g);
    const edit = g.model(MODELS.proEdit);
    g.connect(g.prompt(), 'text', edit, 'prompt');
    g.connect(g.loadImage(), 'image', edit, 'image_urls');
    g.connect(t2i, 'images', edit, 'image_urls');
    g.connect(t2i, 'image', edit, 'image_urls');
    g.connect(edit, 'images', g.preview(), 'images');
    expect(validate(g)).toEqual([]);
  });
});

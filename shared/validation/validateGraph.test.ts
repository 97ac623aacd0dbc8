import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../catalog/model';
import { createNodeRegistry } from '../nodes/registry';
import { MODELS, testGraph } from '../testing/testGraph';
import type { TestGraph } from '../testing/testGraph';
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

describe('missing required input', () => {
  it('an edit node without images', () => {
    const g = testGraph();
    const edit = g.model(MODELS.proEdit, { prompt: 'make it blue' });
    expect(validate(g)).toEqual([
      {
        nodeId: edit,
        field: 'image_urls',
        code: 'missing-input',
        severity: 'error',
        message: 'Images needs at least one image: connect a Load Image or a model output',
      },
    ]);
  });

  it('an edit node with one image is fine', () => {
    const g = testGraph();
    editWithImages(g, MODELS.proEdit, 1);
    expect(validate(g)).toEqual([]);
  });

  it('a preview with nothing connected', () => {
    const g = testGraph();
    const preview = g.preview();
    expect(validate(g)).toEqual([
      expect.objectContaining({
        nodeId: preview,
        field: 'images',
        code: 'missing-input',
        severity: 'error',
        message: expect.stringContaining('Images needs at least one image'),
      }),
    ]);
  });

  it('an empty prompt typed on a model node', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, { prompt: '   ' });
    expect(validate(g)).toEqual([
      {
        nodeId: t2i,
        field: 'prompt',
        code: 'missing-input',
        severity: 'error',
        message: 'Prompt is empty',
      },
    ]);
  });

  it('a model whose schema has no default prompt, with no prompt set', () => {
    const g = testGraph();
    const edit = g.model(MODELS.runflowProEdit);
    g.connect(g.loadImage(), 'image', edit, 'image_urls');
    expect(validate(g)).toEqual([expect.objectContaining({ nodeId: edit, field: 'prompt' })]);
  });

  it("a prompt never set is empty on every model: the provider's sample is not a value", () => {
    for (const endpoint of Object.values(MODELS)) {
      const g = testGraph();
      const node = g.model(endpoint);
      expect(
        validate(g).filter((i) => i.field === 'prompt'),
        endpoint,
      ).toEqual([
        {
          nodeId: node,
          field: 'prompt',
          code: 'missing-input',
          severity: 'error',
          message: 'Prompt is empty',
        },
      ]);
    }
  });

  it('a connected Prompt node satisfies an empty prompt param', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, { prompt: '' });
    g.connect(g.prompt('a cat'), 'text', t2i, 'prompt');
    expect(validate(g)).toEqual([]);
  });

  it('an incompatible wire does not satisfy the prompt', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, { prompt: '' });
    g.connect(g.loadImage(), 'image', t2i, 'prompt');
    expect(validate(g).map((i) => [i.code, i.field])).toEqual([
      ['incompatible-ports', 'prompt'],
      ['missing-input', 'prompt'],
    ]);
  });

  it('an empty Prompt node', () => {
    const g = testGraph();
    const prompt = g.prompt('');
    expect(validate(g)).toEqual([
      {
        nodeId: prompt,
        field: 'text',
        code: 'missing-input',
        severity: 'error',
        message: 'Text is empty',
      },
    ]);
  });

  it('a Prompt node whose text param is missing altogether', () => {
    const g = testGraph();
    const prompt = g.node('prompt');
    expect(validate(g)).toEqual([
      expect.objectContaining({ nodeId: prompt, field: 'text', code: 'missing-input' }),
    ]);
  });

  it('a Prompt node with text is fine', () => {
    const g = testGraph();
    g.prompt('a cat');
    expect(validate(g)).toEqual([]);
  });

  it('a Load Image node without a source', () => {
    const g = testGraph();
    const load = g.loadImage('');
    expect(validate(g)).toEqual([
      {
        nodeId: load,
        field: 'source',
        code: 'missing-input',
        severity: 'error',
        message: 'no image chosen: pick a file or enter an https URL',
      },
    ]);
  });
});

describe('image count', () => {
  it('21 Load Images into a RunComfy edit node are too many', () => {
    const g = testGraph();
    const edit = editWithImages(g, MODELS.proEdit, 21);
    expect(validate(g)).toEqual([
      {
        nodeId: edit,
        field: 'image_urls',
        code: 'image-count',
        severity: 'error',
        message: 'Images takes at most 20 images; 21 connected',
      },
    ]);
  });

  it('20 Load Images are fine', () => {
    const g = testGraph();
    editWithImages(g, MODELS.proEdit, 20);
    expect(validate(g)).toEqual([]);
  });

  it("a model's `images` output counts num_images images", () => {
    const g = testGraph();
    const nb2 = editWithImages(g, MODELS.nb2Edit, 1, { num_images: 4 });
    const edit = editWithImages(g, MODELS.proEdit, 17);
    g.connect(nb2, 'images', edit, 'image_urls');
    expect(validate(g)).toEqual([
      expect.objectContaining({
        nodeId: edit,
        field: 'image_urls',
        code: 'image-count',
        message: 'Images takes at most 20 images; 21 connected',
      }),
    ]);
  });

  it('4 images from a model plus 16 Load Images fit', () => {
    const g = testGraph();
    const nb2 = editWithImages(g, MODELS.nb2Edit, 1, { num_images: 4 });
    const edit = editWithImages(g, MODELS.proEdit, 16);
    g.connect(nb2, 'images', edit, 'image_urls');
    expect(validate(g)).toEqual([]);
  });

  it("a model's single `image` output counts one, whatever num_images", () => {
    const g = testGraph();
    const nb2 = editWithImages(g, MODELS.nb2Edit, 1, { num_images: 4 });
    const edit = editWithImages(g, MODELS.proEdit, 19);
    g.connect(nb2, 'image', edit, 'image_urls');
    expect(validate(g)).toEqual([]);
  });

  it('a model without num_images counts one image on `images`', () => {
    const g = testGraph();
    const t2i = promptedTextToImage(g);
    const edit = editWithImages(g, MODELS.proEdit, 19);
    g.connect(t2i, 'images', edit, 'image_urls');
    expect(validate(g)).toEqual([]);
  });

  it('an input without bounds (Runflow) takes any number', () => {
    const g = testGraph();
    editWithImages(g, MODELS.runflowProEdit, 30);
    expect(validate(g)).toEqual([]);
  });

  describe('with a model that needs at least two images', () => {
    const pair: ModelEntry = {
      provider: 'runcomfy',
      endpoint: 'test/pair-edit',
      displayName: 'Pair Edit',
      family: 'Test',
      task: 'edit',
      pricing: { kind: 'unknown', note: 'test model' },
      inputSchema: {
        type: 'object',
        required: ['prompt', 'image_urls'],
        properties: {
          prompt: { type: 'string', default: 'merge them' },
          image_urls: {
            title: 'Images',
            type: 'array',
            items: { type: 'string', format: 'image_uri' },
            minItems: 2,
            maxItems: 3,
          },
        },
      },
    };
    const validateWith = (g: TestGraph) =>
      validateGraph(g.doc(), createNodeRegistry([...catalog.models, pair]));

    it('one image is too few', () => {
      const g = testGraph();
      const edit = editWithImages(g, 'runcomfy/test/pair-edit', 1);
      expect(validateWith(g)).toEqual([
        {
          nodeId: edit,
          field: 'image_urls',
          code: 'image-count',
          severity: 'error',
          message: 'Images needs at least 2 images; 1 connected',
        },
      ]);
    });

    it('two and three images are fine, four too many', () => {
      for (const [count, issues] of [
        [2, 0],
        [3, 0],
        [4, 1],
      ] as const) {
        const g = testGraph();
        editWithImages(g, 'runcomfy/test/pair-edit', count);
        expect(validateWith(g)).toHaveLength(issues);
      }
    });

    it('one model output of two images is enough', () => {
      const g = testGraph();
      const nb2 = editWithImages(g, MODELS.nb2Edit, 1, { num_images: 2 });
      const edit = g.model('runcomfy/test/pair-edit', { prompt: 'pair them' });
      g.connect(nb2, 'images', edit, 'image_urls');
      expect(validateWith(g)).toEqual([]);
    });
  });
});

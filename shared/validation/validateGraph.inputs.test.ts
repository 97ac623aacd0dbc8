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
} from './validationTestKit';

useCatalog();

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

import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/loadCatalog';
import type { GraphDocument, ParamValue } from '../graph/document';
import type { ModelEntry } from '../catalog/model';
import { createNodeRegistry } from '../nodes/registry';
import type { NodeRegistry } from '../nodes/registry';
import { MODELS, testGraph } from '../testing/testGraph';
import type { TestGraph } from '../testing/testGraph';
import type { GraphIssue, IssueCode } from './issues';
import { blockingIssues } from './issues';
import { validateGraph } from './validateGraph';

let registry: NodeRegistry;
let models: ModelEntry[];

beforeAll(async () => {
  const catalog = await loadCatalog();
  expect(catalog.errors).toEqual([]);
  models = catalog.models;
  registry = createNodeRegistry(models);
});

const validate = (g: TestGraph | GraphDocument): GraphIssue[] =>
  validateGraph('doc' in g ? g.doc() : g, registry);

const withCode = (issues: GraphIssue[], code: IssueCode): GraphIssue[] =>
  issues.filter((i) => i.code === code);

/** A text-to-image node fed by a Prompt node: valid on its own. */
function promptedTextToImage(g: TestGraph, text = 'a cat'): string {
  const t2i = g.model(MODELS.proTextToImage);
  g.connect(g.prompt(text), 'text', t2i, 'prompt');
  return t2i;
}

/** An edit node with a typed prompt, fed `images` Load Image nodes. */
function editWithImages(
  g: TestGraph,
  endpoint: string,
  images: number,
  params: Record<string, ParamValue> = {},
): string {
  const edit = g.model(endpoint, { prompt: 'make it blue', ...params });
  for (let i = 0; i < images; i++)
    g.connect(g.loadImage(`ref-${i}.png`), 'image', edit, 'image_urls');
  return edit;
}

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
    expect(validateGraph(doc, registry)).toEqual(validateGraph(doc, registry));
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
    for (const spec of registry.all()) g.node(spec.type);
    expect(withCode(validate(g), 'unknown-node-type')).toEqual([]);
    expect(registry.all().map((s) => s.type)).toEqual(
      expect.arrayContaining([
        'prompt',
        'load-image',
        'preview',
        ...Object.values(MODELS).map((m) => `model:${m}`),
      ]),
    );
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
        message: 'Images takes image[], but Prompt "n1" → Text gives text',
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
        message: 'Prompt takes text, but Nano Banana Pro (RunComfy) "n1" → Images gives image[]',
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

  it('the schema default stands in for a prompt that was never set', () => {
    const g = testGraph();
    g.model(MODELS.proTextToImage);
    expect(validate(g)).toEqual([]);
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
      validateGraph(g.doc(), createNodeRegistry([...models, pair]));

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
      const edit = g.model('runcomfy/test/pair-edit');
      g.connect(nb2, 'images', edit, 'image_urls');
      expect(validateWith(g)).toEqual([]);
    });
  });
});

describe('params', () => {
  const nb2 = (params: Record<string, ParamValue>) => {
    const g = testGraph();
    const id = editWithImages(g, MODELS.nb2Edit, 1, params);
    return { g, id };
  };

  it('accepts values inside the schema', () => {
    const { g } = nb2({
      num_images: 4,
      seed: 1234,
      aspect_ratio: '21:9',
      resolution: '4K',
      output_format: 'webp',
      safety_tolerance: 6,
      limit_generations: false,
      enable_web_search: true,
    });
    expect(validate(g)).toEqual([]);
  });

  it.each([
    ['enum miss', 'aspect_ratio', 'square', 'Aspect Ratio (W:H): "square" is not one of "auto", '],
    [
      'enum of numbers given a string',
      'safety_tolerance',
      '4',
      'Safety Tolerance: "4" is not one of 1, 2, 3, 4, 5, 6',
    ],
    ['above the maximum', 'num_images', 5, 'Number of Images: 5 is above the maximum 4'],
    ['below the minimum', 'num_images', 0, 'Number of Images: 0 is below the minimum 1'],
    ['not a whole number', 'num_images', 1.5, 'Number of Images: 1.5 is not a whole number'],
    ['a string for a number', 'num_images', '2', 'Number of Images: "2" is not a number'],
    [
      'a string for a boolean',
      'enable_web_search',
      'yes',
      'Enable Web Search: "yes" is not true or false',
    ],
    ['a number for text', 'prompt', 42, 'Prompt: 42 is not text'],
    ['a list for a select', 'resolution', ['1K'], 'Resolution: ["1K"] is not one of'],
  ])('refuses %s', (_, key, value, message) => {
    const { g, id } = nb2({ [key]: value });
    const issues = validate(g);
    expect(issues).toEqual([
      {
        nodeId: id,
        field: key,
        code: 'invalid-param',
        severity: 'error',
        message: expect.stringContaining(message),
      },
    ]);
  });

  it('an unknown param is a warning, not an error', () => {
    const { g, id } = nb2({ guidance_scale: 7 });
    const issues = validate(g);
    expect(issues).toEqual([
      {
        nodeId: id,
        field: 'guidance_scale',
        code: 'unknown-param',
        severity: 'warning',
        message:
          '"guidance_scale" is not a parameter of Nano Banana 2 Edit (RunComfy); it will not be sent',
      },
    ]);
    expect(blockingIssues(issues)).toEqual([]);
  });

  it('an unknown param on a built-in node is a warning too', () => {
    const g = testGraph();
    const prompt = g.prompt('a cat');
    g.setParam(prompt, 'colour', 'red');
    expect(validate(g)).toEqual([
      expect.objectContaining({ nodeId: prompt, field: 'colour', severity: 'warning' }),
    ]);
  });

  it('an unset optional param without a default is fine', () => {
    const g = testGraph();
    editWithImages(g, MODELS.runflowProEdit, 1, { seed: null });
    expect(validate(g)).toEqual([]);
  });
});

describe('too many connections into a single-valued input', () => {
  it('two prompts into `prompt`', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage);
    g.connect(g.prompt('a cat'), 'text', t2i, 'prompt');
    const second = g.connect(g.prompt('a dog'), 'text', t2i, 'prompt');
    expect(validate(g)).toEqual([
      {
        nodeId: t2i,
        field: 'prompt',
        edgeId: second,
        code: 'too-many-connections',
        severity: 'error',
        message: 'Prompt takes one connection; remove all but one',
      },
    ]);
  });

  it('three prompts give one issue, not one per extra wire', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage);
    for (const text of ['a', 'b', 'c']) g.connect(g.prompt(text), 'text', t2i, 'prompt');
    expect(withCode(validate(g), 'too-many-connections')).toHaveLength(1);
  });

  it('one prompt may feed several models', () => {
    const g = testGraph();
    const prompt = g.prompt();
    for (let i = 0; i < 3; i++) g.connect(prompt, 'text', g.model(MODELS.proTextToImage), 'prompt');
    expect(validate(g)).toEqual([]);
  });

  it('a list input takes several connections', () => {
    const g = testGraph();
    editWithImages(g, MODELS.proEdit, 3);
    expect(validate(g)).toEqual([]);
  });
});

describe('Load Image source', () => {
  it.each([
    'https://example.com/cat.png',
    'HTTPS://EXAMPLE.COM/CAT.PNG',
    'ref.png',
    'images/ref.png',
    '../shared/ref image.png',
    'data:image/png;base64,iVBORw0KGgo=',
    'data:image/jpeg;base64,/9j/4AAQ',
    'C:\\x.png',
    'C:/Users/me/x.png',
    '\\\\server\\share\\x.png',
  ])('accepts %s', (source) => {
    const g = testGraph();
    g.loadImage(source);
    expect(validate(g)).toEqual([]);
  });

  it('refuses http:// with a message saying why', () => {
    const g = testGraph();
    const load = g.loadImage('http://example.com/cat.png');
    expect(validate(g)).toEqual([
      {
        nodeId: load,
        field: 'source',
        code: 'invalid-source',
        severity: 'error',
        message: 'only https URLs can be sent to a provider; use https:// or a local file',
      },
    ]);
  });

  it.each([
    ['HTTP://EXAMPLE.COM/CAT.PNG', 'only https URLs'],
    ['file:///etc/passwd', '"file:" sources are not supported'],
    ['ftp://example.com/cat.png', '"ftp:" sources are not supported'],
    ['data:text/html;base64,PHNjcmlwdD4=', '"data:" sources are not supported'],
    ['data:image/svg+xml;base64,PHN2Zz4=', '"data:" sources are not supported'],
    ['javascript:alert(1)', '"javascript:" sources are not supported'],
  ])('refuses %s', (source, message) => {
    const g = testGraph();
    const load = g.loadImage(source);
    expect(validate(g)).toEqual([
      expect.objectContaining({
        nodeId: load,
        field: 'source',
        code: 'invalid-source',
        message: expect.stringContaining(message),
      }),
    ]);
  });
});

describe('cycles', () => {
  const edit = (g: TestGraph, id: string) => g.model(MODELS.proEdit, {}, { id });
  const title = 'Nano Banana Pro Edit (RunComfy)';

  it('a 2-node cycle names both nodes, on both nodes', () => {
    const g = testGraph();
    const a = edit(g, 'a');
    const b = edit(g, 'b');
    g.connect(a, 'images', b, 'image_urls');
    g.connect(b, 'images', a, 'image_urls');
    const message = `part of a cycle: ${title} "a" → ${title} "b" → ${title} "a"`;
    expect(validate(g)).toEqual([
      { nodeId: 'a', code: 'cycle', severity: 'error', message },
      { nodeId: 'b', code: 'cycle', severity: 'error', message },
    ]);
  });

  it('a 3-node cycle is named along its edges, on its three nodes only', () => {
    const g = testGraph();
    const prompt = g.prompt('upstream', { id: 'p' });
    const a = edit(g, 'a');
    const b = edit(g, 'b');
    const c = edit(g, 'c');
    g.connect(prompt, 'text', a, 'prompt');
    g.connect(a, 'images', b, 'image_urls');
    g.connect(b, 'images', c, 'image_urls');
    g.connect(c, 'images', a, 'image_urls');
    g.connect(c, 'images', g.preview({}, { id: 'out' }), 'images');
    const issues = validate(g);
    const message = `part of a cycle: ${title} "a" → ${title} "b" → ${title} "c" → ${title} "a"`;
    expect(issues.map((i) => i.nodeId).sort()).toEqual(['a', 'b', 'c']);
    for (const issue of issues) {
      expect(issue).toEqual({ nodeId: issue.nodeId, code: 'cycle', severity: 'error', message });
    }
  });

  it('a cycle is named from its first node in the document, whatever the edge order', () => {
    const g = testGraph();
    const c = edit(g, 'c');
    const a = edit(g, 'a');
    const b = edit(g, 'b');
    g.connect(b, 'images', c, 'image_urls');
    g.connect(a, 'images', b, 'image_urls');
    g.connect(c, 'images', a, 'image_urls');
    expect(validate(g)[0]!.message).toBe(
      `part of a cycle: ${title} "c" → ${title} "a" → ${title} "b" → ${title} "c"`,
    );
  });

  it('a self-loop', () => {
    const g = testGraph();
    const a = edit(g, 'a');
    g.connect(a, 'images', a, 'image_urls');
    expect(validate(g)).toEqual([
      {
        nodeId: 'a',
        code: 'cycle',
        severity: 'error',
        message: `part of a cycle: ${title} "a" → ${title} "a"`,
      },
    ]);
  });

  it('two separate cycles are reported separately', () => {
    const g = testGraph();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => edit(g, id));
    g.connect(a!, 'images', b!, 'image_urls');
    g.connect(b!, 'images', a!, 'image_urls');
    g.connect(c!, 'images', d!, 'image_urls');
    g.connect(d!, 'images', c!, 'image_urls');
    const messages = new Set(validate(g).map((i) => i.message));
    expect(messages.size).toBe(2);
  });

  it('a chain without a cycle has no cycle issue', () => {
    const g = testGraph();
    let previous = editWithImages(g, MODELS.proEdit, 1);
    for (let i = 0; i < 5; i++) {
      const next = g.model(MODELS.proEdit);
      g.connect(previous, 'images', next, 'image_urls');
      previous = next;
    }
    expect(validate(g)).toEqual([]);
  });
});

describe('edges to things that do not exist', () => {
  it('a missing source node is reported on the target', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage);
    const edge = g.connect('ghost', 'text', t2i, 'prompt');
    expect(validate(g)).toEqual([
      {
        nodeId: t2i,
        edgeId: edge,
        code: 'missing-node',
        severity: 'error',
        message: 'connection "e1" refers to a node that does not exist: "ghost"',
      },
    ]);
  });

  it('a missing target node is reported on the source', () => {
    const g = testGraph();
    const prompt = g.prompt();
    const edge = g.connect(prompt, 'text', 'ghost', 'prompt');
    expect(validate(g)).toEqual([
      {
        nodeId: prompt,
        edgeId: edge,
        code: 'missing-node',
        severity: 'error',
        message: 'connection "e1" refers to a node that does not exist: "ghost"',
      },
    ]);
  });

  it('a missing source handle is reported on the input it feeds', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage);
    const edge = g.connect(g.prompt(), 'words', t2i, 'prompt');
    expect(validate(g)).toEqual([
      {
        nodeId: t2i,
        field: 'prompt',
        edgeId: edge,
        code: 'missing-handle',
        severity: 'error',
        message: 'Prompt "n2" has no output "words"',
      },
    ]);
  });

  it('a missing target handle names the input', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage);
    const edge = g.connect(g.prompt(), 'text', t2i, 'negative_prompt');
    expect(validate(g)).toEqual([
      {
        nodeId: t2i,
        field: 'negative_prompt',
        edgeId: edge,
        code: 'missing-handle',
        severity: 'error',
        message: 'Nano Banana Pro (RunComfy) has no input "negative_prompt"',
      },
    ]);
  });

  it('an input used as an output is a missing handle', () => {
    const g = testGraph();
    const a = editWithImages(g, MODELS.proEdit, 1);
    const b = editWithImages(g, MODELS.proEdit, 1);
    g.connect(a, 'image_urls', b, 'image_urls');
    expect(withCode(validate(g), 'missing-handle')).toEqual([
      expect.objectContaining({
        nodeId: b,
        message: expect.stringContaining('no output "image_urls"'),
      }),
    ]);
  });
});

describe('blockingIssues', () => {
  it('keeps errors and drops warnings', () => {
    const g = testGraph();
    const prompt = g.prompt('');
    g.setParam(prompt, 'extra', 1);
    const issues = validate(g);
    expect(issues.map((i) => i.severity).sort()).toEqual(['error', 'warning']);
    expect(blockingIssues(issues)).toEqual([expect.objectContaining({ code: 'missing-input' })]);
  });

  it('is empty for no issues', () => {
    expect(blockingIssues([])).toEqual([]);
  });
});

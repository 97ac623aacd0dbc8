import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../graph/document';
import { MODELS, testGraph } from '../testing/testGraph';
import type { TestGraph } from '../testing/testGraph';
import { blockingIssues } from './issues';
import { editWithImages, useCatalog, validate, withCode } from './validationTestKit';

useCatalog();

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
  // Each named by the artist (the cycle's path is told by name, never by node id).
  const edit = (g: TestGraph, id: string) =>
    g.model(MODELS.proEdit, { prompt: 'make it blue' }, { id, title: `Edit ${id}` });

  it('a 2-node cycle names both nodes, on both nodes', () => {
    const g = testGraph();
    const a = edit(g, 'a');
    const b = edit(g, 'b');
    g.connect(a, 'images', b, 'image_urls');
    g.connect(b, 'images', a, 'image_urls');
    const message = `part of a cycle: Edit a → Edit b → Edit a`;
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
    const message = `part of a cycle: Edit a → Edit b → Edit c → Edit a`;
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
    expect(validate(g)[0]!.message).toBe(`part of a cycle: Edit c → Edit a → Edit b → Edit c`);
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
        message: `part of a cycle: Edit a → Edit a`,
      },
    ]);
  });

  it('an unnamed node is named by its type, never by its id', () => {
    const g = testGraph();
    const a = g.model(MODELS.proEdit, { prompt: 'make it blue' }, { id: 'n-skzalknj' });
    g.connect(a, 'images', a, 'image_urls');
    expect(validate(g)[0]!.message).toBe(
      'part of a cycle: Nano Banana Pro Edit (RunComfy) → Nano Banana Pro Edit (RunComfy)',
    );
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
      const next = g.model(MODELS.proEdit, { prompt: 'again' });
      g.connect(previous, 'images', next, 'image_urls');
      previous = next;
    }
    expect(validate(g)).toEqual([]);
  });
});

describe('edges to things that do not exist', () => {
  it('a missing source node is reported on the target', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, { prompt: 'a cat' });
    const edge = g.connect('ghost', 'text', t2i, 'prompt');
    expect(validate(g)).toEqual([
      {
        nodeId: t2i,
        edgeId: edge,
        code: 'missing-node',
        severity: 'error',
        message: 'a connection comes from a node that is no longer in the graph',
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
        message: 'a connection goes to a node that is no longer in the graph',
      },
    ]);
  });

  it('a missing source handle is reported on the input it feeds', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, { prompt: 'a cat' });
    const edge = g.connect(g.prompt(), 'words', t2i, 'prompt');
    expect(validate(g)).toEqual([
      {
        nodeId: t2i,
        field: 'prompt',
        edgeId: edge,
        code: 'missing-handle',
        severity: 'error',
        message: 'Prompt has no output "words"',
      },
    ]);
  });

  it('a missing target handle names the input', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, { prompt: 'a cat' });
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

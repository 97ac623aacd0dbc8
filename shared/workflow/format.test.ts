import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../graph/document';
import { MODELS, testGraph } from '../testing/testGraph';
import { WORKFLOW_FORMAT, createWorkflow, parseWorkflow, serializeWorkflow } from './format';
import type { WorkflowFile, WorkflowParseError } from './format';
import { CURRENT_WORKFLOW_VERSION } from './migrations';
import { MAX_WORKFLOW_BYTES } from './workflowText';

/** A realistic graph: prompt -> text-to-image -> edit (with a reference) -> preview. */
function sampleGraph() {
  const g = testGraph().viewport({ x: -120.5, y: 40, zoom: 0.75 });
  const p = g.prompt('a lighthouse at dusk, "quoted" and ünïcödé ✨\nsecond line');
  const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1', resolution: '2K' });
  g.connect(p, 'text', t2i, 'prompt');
  const edit = g.model(MODELS.nb2Edit, { prompt: 'add fog', num_images: 2, seed: 0 });
  g.connect(t2i, 'images', edit, 'image_urls');
  g.connect(g.loadImage('refs/fog.png'), 'image', edit, 'image_urls');
  g.connect(edit, 'images', g.preview({ save: false }), 'images');
  return g.doc();
}

/** A valid file as plain JSON, for tests that break one field of it. */
const validJson = (): Record<string, unknown> =>
  JSON.parse(serializeWorkflow(createWorkflow(sampleGraph(), { name: 'sample' })));

function parseError(input: unknown): WorkflowParseError {
  const result = parseWorkflow(input);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.error;
}

function parsed(input: unknown): WorkflowFile {
  const result = parseWorkflow(input);
  if (!result.ok) throw new Error(`expected the file to open: ${result.error.message}`);
  return result.value;
}

type Json = Record<string, unknown> & {
  graph: { nodes: Array<Record<string, unknown>>; viewport: Record<string, unknown> };
};

describe('round trip', () => {
  it('createWorkflow -> serializeWorkflow -> parseWorkflow gives the same workflow', () => {
    const file = createWorkflow(sampleGraph(), {
      name: 'Lighthouse',
      description: 'fog study',
      createdAt: '2025-01-02T03:04:05.000Z',
      generator: 'Nodeloom 0.1.0',
    });
    const text = serializeWorkflow(file);
    expect(parsed(text)).toEqual(file);
    expect(serializeWorkflow(parsed(text))).toBe(text);
  });

  it('keeps a node title, an optional field: files without one open unchanged, same version', () => {
    const json = validJson() as Json;
    json.graph.nodes[1]!.title = 'Harbour at dusk 🌊';
    const file = parsed(json);
    expect(file.version).toBe(CURRENT_WORKFLOW_VERSION);
    expect(file.graph.nodes[1]!.title).toBe('Harbour at dusk 🌊');
    expect(parsed(serializeWorkflow(file))).toEqual(file);
    expect(parsed(validJson()).graph.nodes.every((n) => n.title === undefined)).toBe(true);
  });

  it('stamps the format tag and the current version', () => {
    const file = createWorkflow(sampleGraph());
    expect(file.format).toBe('nodeloom.workflow');
    expect(file.version).toBe(CURRENT_WORKFLOW_VERSION);
    expect(file.meta).toEqual({});
  });

  it('writes human-diffable text: two-space indent and a final newline', () => {
    const text = serializeWorkflow(createWorkflow(testGraph().doc()));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "format": "nodeloom.workflow",\n');
  });

  it('also accepts already-parsed JSON, and does not modify it', () => {
    const json = validJson();
    const before = JSON.stringify(json);
    expect(parsed(json).graph.nodes).toHaveLength(5);
    expect(JSON.stringify(json)).toBe(before);
  });

  it('round-trips an empty graph', () => {
    const file = createWorkflow(testGraph().doc());
    expect(parsed(serializeWorkflow(file))).toEqual(file);
  });

  it('round-trips any params JSON can hold', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (params) => {
        // `__proto__` keys are dropped on purpose (see below).
        fc.pre(!JSON.stringify(params).includes('"__proto__"'));
        const g = testGraph();
        g.node('prompt', params as Record<string, ParamValue>);
        const file = createWorkflow(g.doc());
        // JSON itself turns -0 into 0; compare with what JSON gives back.
        expect(parsed(serializeWorkflow(file))).toEqual(JSON.parse(serializeWorkflow(file)));
      }),
      { numRuns: 200 },
    );
  });

  it('a `__proto__` param key is dropped and pollutes nothing', () => {
    const json = validJson() as Json;
    json.graph.nodes[0]!.params = JSON.parse('{"text":"a","__proto__":{"polluted":true}}');
    const params = parsed(json).graph.nodes[0]!.params;
    expect(Object.keys(params)).toEqual(['text']);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a node size the user chose', () => {
  it('is optional, kept when set, and a file without it reads as before', () => {
    const json = validJson() as { graph: { nodes: Array<Record<string, unknown>> } };
    json.graph.nodes[0]!['size'] = { width: 640, height: 480 };
    const parsed = parseWorkflow(json);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.graph.nodes[0]!.size).toEqual({ width: 640, height: 480 });
    expect(parsed.value.graph.nodes[1]!.size).toBeUndefined();
    expect(parseWorkflow(validJson()).ok).toBe(true);
  });

  it('a size out of range is named by its path', () => {
    const json = validJson() as { graph: { nodes: Array<Record<string, unknown>> } };
    json.graph.nodes[2]!['size'] = { width: 10, height: 480 };
    expect(parseError(json).message).toMatch(/^graph\.nodes\[2\]\.size\.width: /);
  });
});

describe('bad files name the JSON path and the problem', () => {
  it('not JSON', () => {
    const error = parseError('{"format": "nodeloom.workflow",');
    expect(error.message).toMatch(/^\(root\): not valid JSON: /);
    expect(error.issues).toEqual([{ path: '(root)', message: expect.stringContaining('JSON') }]);
  });

  it.each([
    ['an array', '[]'],
    ['a number', '42'],
    ['a string', '"nodeloom.workflow"'],
    ['null', 'null'],
  ])('not an object: %s', (_, text) => {
    expect(parseError(text).message).toBe('(root): expected a JSON object');
  });

  it('a wrong format tag', () => {
    const json = { ...validJson(), format: 'comfyui.workflow' };
    expect(parseError(json).message).toBe(
      'format: expected "nodeloom.workflow", found "comfyui.workflow"',
    );
  });

  it('no format tag', () => {
    const { format: _, ...json } = validJson();
    expect(parseError(json).message).toMatch(/^format: .*expected string/);
  });

  it('no version', () => {
    const { version: _, ...json } = validJson();
    expect(parseError(json).message).toMatch(/^version: .*expected number/);
  });

  it.each([
    ['a fraction', 1.5],
    ['negative', -1],
    ['a string', '1'],
  ])('a version that is %s', (_, version) => {
    expect(parseError({ ...validJson(), version }).issues[0]!.path).toBe('version');
  });

  it('a missing graph', () => {
    const { graph: _, ...json } = validJson();
    expect(parseError(json).message).toBe(
      'graph: Invalid input: expected object, received undefined',
    );
  });

  it('a position that is a string', () => {
    const json = validJson() as Json;
    json.graph.nodes[1]!.position = { x: '10', y: 0 };
    const error = parseError(json);
    expect(error.message).toBe(
      'graph.nodes[1].position.x: Invalid input: expected number, received string',
    );
    expect(error.issues).toEqual([
      {
        path: 'graph.nodes[1].position.x',
        message: 'Invalid input: expected number, received string',
      },
    ]);
  });

  it('a node title that is empty or spans lines', () => {
    const json = validJson() as Json;
    json.graph.nodes[1]!.title = '  ';
    expect(parseError(json).message).toBe('graph.nodes[1].title: must not be empty');
    json.graph.nodes[1]!.title = 'two\nlines';
    expect(parseError(json).message).toBe('graph.nodes[1].title: must be one line of text');
  });

  it('an empty node id', () => {
    const json = validJson() as Json;
    json.graph.nodes[0]!.id = '';
    expect(parseError(json).message).toBe('graph.nodes[0].id: must not be empty');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'a node or edge id that every JavaScript object has: %s',
    (name) => {
      const json = validJson() as Json & { graph: { edges: Array<Record<string, unknown>> } };
      const old = json.graph.nodes[0]!.id;
      json.graph.nodes[0]!.id = name;
      for (const e of json.graph.edges) {
        if (e['source'] === old) e['source'] = name;
        if (e['target'] === old) e['target'] = name;
      }
      const error = parseError(json);
      expect(error.issues).toContainEqual({
        path: 'graph.nodes[0].id',
        message: `"${name}" cannot be a node id (the name is reserved in JavaScript); rename the node`,
      });
      const withEdge = validJson() as Json & { graph: { edges: Array<Record<string, unknown>> } };
      withEdge.graph.edges[0]!['id'] = name;
      expect(parseError(withEdge).message).toBe(
        `graph.edges[0].id: "${name}" cannot be an edge id (the name is reserved in JavaScript); rename the edge`,
      );
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  );

  it('a duplicate node id', () => {
    const json = validJson() as Json;
    json.graph.nodes[2]!.id = json.graph.nodes[0]!.id;
    expect(parseError(json).message).toBe('graph.nodes[2].id: duplicate node id "n1"');
  });

  it('a duplicate edge id', () => {
    const json = validJson() as Json & { graph: { edges: Array<Record<string, unknown>> } };
    json.graph.edges[3]!.id = 'e1';
    expect(parseError(json).message).toBe('graph.edges[3].id: duplicate edge id "e1"');
  });

  it.each([0, -1])('a zoom of %s', (zoom) => {
    const json = validJson() as Json;
    json.graph.viewport.zoom = zoom;
    expect(parseError(json).message).toMatch(/^graph\.viewport\.zoom: .*>0/);
  });

  it('a param value JSON cannot express as a param', () => {
    const json = validJson() as Json;
    json.graph.nodes[0]!.params = { text: undefined as never, when: new Date(0) as never };
    expect(parseError(json).issues[0]!.path).toMatch(/^graph\.nodes\[0\]\.params\./);
  });

  it('several problems: the first is named and the rest counted', () => {
    const json = validJson() as Json;
    json.graph.nodes[0]!.id = '';
    json.graph.nodes[1]!.position = { x: 'a', y: 'b' };
    const error = parseError(json);
    expect(error.issues.map((i) => i.path)).toEqual([
      'graph.nodes[0].id',
      'graph.nodes[1].position.x',
      'graph.nodes[1].position.y',
    ]);
    expect(error.message).toBe('graph.nodes[0].id: must not be empty (and 2 more)');
  });
});

describe('encodings and size', () => {
  const text = (): string => serializeWorkflow(createWorkflow(sampleGraph(), { name: 'sample' }));

  it('opens a file that starts with a UTF-8 byte order mark, as read by Node or a browser', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text())]);
    expect(parsed(bytes.toString('utf8')).graph).toEqual(sampleGraph());
  });

  it.each([
    ['UTF-16 LE with a byte order mark', Buffer.from(`\ufeff${'{"a": 1}'}`, 'utf16le')],
    ['UTF-16 LE without one', Buffer.from('{"a": 1}', 'utf16le')],
    ['UTF-16 BE', Buffer.from(`\ufeff${'{"a": 1}'}`, 'utf16le').swap16()],
  ])('names %s plainly, with no NUL in the message', (_, bytes) => {
    const error = parseError(bytes.toString('utf8'));
    expect(error.message).toBe(
      '(root): the file is UTF-16 (or another encoding that is not UTF-8); save it as UTF-8',
    );
    expect(error.message).not.toContain('\u0000');
  });

  it('refuses text over the workflow size limit with a clear error, before parsing it', () => {
    const big = ' '.repeat(MAX_WORKFLOW_BYTES + 1);
    expect(parseError(big).message).toBe(
      '(root): the workflow is too large (64.0 MiB; the limit is 64.0 MiB)',
    );
  });
});

describe('versions', () => {
  it('a file from a newer Nodeloom is refused with a clear message', () => {
    const error = parseError({ ...validJson(), version: CURRENT_WORKFLOW_VERSION + 1 });
    expect(error.message).toBe(
      `version: this file is format version ${CURRENT_WORKFLOW_VERSION + 1}, written by a newer Nodeloom; this version reads up to ${CURRENT_WORKFLOW_VERSION}`,
    );
  });

  it('a version older than every migration is refused naming the missing step', () => {
    expect(parseError({ ...validJson(), version: 0 }).message).toBe(
      'version: no migration from format version 0 to 1',
    );
  });
});

describe('parseWorkflow never throws', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['an empty array', []],
    ['a number', 42],
    ['NaN', Number.NaN],
    ['a boolean', true],
    ['an empty string', ''],
    ['whitespace', '  \n'],
    ['a bare format tag', '{"format":"nodeloom.workflow"}'],
    ['a format tag that is not a string', { format: 7, version: 1 }],
    ['a version that is huge', { format: WORKFLOW_FORMAT, version: 1e300 }],
    ['a graph that is a string', { format: WORKFLOW_FORMAT, version: 1, graph: 'x', meta: {} }],
    ['nodes that are an object', { format: WORKFLOW_FORMAT, version: 1, graph: { nodes: {} } }],
    ['an object without a prototype', Object.create(null)],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
  ])('%s gives an error', (_, input) => {
    const result = parseWorkflow(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^[^:]+: ./);
  });

  it('a param nested deeper than the stack gives an error, not an exception', () => {
    const json = validJson() as Json;
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    json.graph.nodes[0]!.params = { text: deep as never };
    expect(parseError(json).message).toBe('(root): the file is nested too deeply to read');
    const text = `{"format":"nodeloom.workflow","version":1,"graph":{"nodes":[{"id":"a","type":"prompt","position":{"x":0,"y":0},"params":{"text":${'['.repeat(200_000)}${']'.repeat(200_000)}}}],"edges":[],"viewport":{"x":0,"y":0,"zoom":1}},"meta":{}}`;
    expect(parseWorkflow(text).ok).toBe(false);
  });

  it('for arbitrary values and strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.json()), (input) => {
        const result = parseWorkflow(input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('for a valid file with one field replaced by anything', () => {
    const paths = [
      ['meta'],
      ['graph', 'viewport'],
      ['graph', 'edges'],
      ['graph', 'nodes', 0],
      ['graph', 'nodes', 0, 'params'],
      ['graph', 'nodes', 3, 'type'],
      ['graph', 'edges', 0, 'target'],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        const json = validJson();
        let at = json as Record<PropertyKey, unknown>;
        for (const key of path.slice(0, -1)) at = at[key] as Record<PropertyKey, unknown>;
        at[path[path.length - 1]!] = value;
        const result = parseWorkflow(json);
        if (!result.ok) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

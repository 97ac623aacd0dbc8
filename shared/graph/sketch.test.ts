import { describe, expect, it } from 'vitest';
import { createNodeRegistry } from '../nodes/registry';
import { MODELS, testGraph } from '../testing/testGraph';
import { EXCERPT_CHARS, graphSketch, promptExcerpt } from './sketch';

describe('graphSketch', () => {
  it('draws each node by kind at its position and the wires as index pairs', () => {
    const g = testGraph();
    const p = g.prompt('a fox', { position: { x: 10, y: 20 } });
    const m = g.model(MODELS.proTextToImage, {}, { position: { x: 300, y: 20 } });
    const out = g.preview({}, { position: { x: 600, y: 40 } });
    g.connect(p, 'text', m, 'prompt');
    g.connect(m, 'images', out, 'images');
    // An empty registry: a type it does not know is drawn as 'other'.
    expect(graphSketch(g.doc(), createNodeRegistry([]))).toEqual({
      nodes: [
        { x: 10, y: 20, kind: 'prompt' },
        { x: 300, y: 20, kind: 'other' },
        { x: 600, y: 40, kind: 'output' },
      ],
      edges: [
        [0, 1],
        [1, 2],
      ],
    });
  });
});

describe('promptExcerpt', () => {
  it('is the first Prompt node’s text on one line, else a model’s own prompt', () => {
    const g = testGraph();
    g.model(MODELS.proEdit, { prompt: 'make it snow' });
    expect(promptExcerpt(g.doc())).toBe('make it snow');
    g.prompt('  a red fox\n\nin the  snow ');
    expect(promptExcerpt(g.doc())).toBe('a red fox in the snow');
  });

  it('shortens a long prompt and says nothing when there is none', () => {
    const g = testGraph();
    expect(promptExcerpt(g.doc())).toBeUndefined();
    g.prompt('x'.repeat(500));
    const excerpt = promptExcerpt(g.doc())!;
    expect(excerpt).toHaveLength(EXCERPT_CHARS);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});

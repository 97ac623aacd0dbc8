import { beforeAll, expect } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/loadCatalog';
import type { GraphDocument, ParamValue } from '../graph/document';
import type { ModelEntry } from '../catalog/model';
import { createNodeRegistry } from '../nodes/registry';
import type { NodeRegistry } from '../nodes/registry';
import { MODELS } from '../testing/testGraph';
import type { TestGraph } from '../testing/testGraph';
import type { GraphIssue, IssueCode } from './issues';
import { validateGraph } from './validateGraph';

/** Test kit for the validateGraph tests: the real catalog and a few graph shapes. */
export const catalog: { registry: NodeRegistry; models: ModelEntry[] } = {
  registry: undefined as unknown as NodeRegistry,
  models: [],
};

/** Loads the real catalog before the file's tests. */
export function useCatalog(): void {
  beforeAll(async () => {
    const loaded = await loadCatalog();
    expect(loaded.errors).toEqual([]);
    catalog.models = loaded.models;
    catalog.registry = createNodeRegistry(loaded.models);
  });
}

export const validate = (g: TestGraph | GraphDocument): GraphIssue[] =>
  validateGraph('doc' in g ? g.doc() : g, catalog.registry);

export const withCode = (issues: GraphIssue[], code: IssueCode): GraphIssue[] =>
  issues.filter((i) => i.code === code);

/** A text-to-image node fed by a Prompt node: valid on its own. */
export function promptedTextToImage(g: TestGraph, text = 'a cat'): string {
  const t2i = g.model(MODELS.proTextToImage);
  g.connect(g.prompt(text), 'text', t2i, 'prompt');
  return t2i;
}

/** An edit node with a typed prompt, fed `images` Load Image nodes. */
export function editWithImages(
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

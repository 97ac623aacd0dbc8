/// <reference types="vite/client" />
import { LOAD_IMAGE_NODE } from '../../shared/nodes/builtins';
import type { GraphDocument } from '../../shared/graph/document';
import { parseWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import type { WorkflowFile } from '../../shared/workflow/format';

/**
 * The example workflows packaged with the app (examples/*.nodeloom), offered as
 * templates. They are bundled into the renderer at build time, with the images
 * their Load Image nodes read (examples/images) inlined as data: URIs, so a
 * template opens as a complete, untitled workflow in the desktop app and the web
 * host alike, whatever folder the user works in.
 */
export interface Template {
  /** The example's file name without extension: `text-to-image-then-edit`. */
  id: string;
  title: string;
  description: string;
  /** The graph, its images embedded. */
  file: WorkflowFile;
}

const WORKFLOWS = import.meta.glob<string>('../../examples/*.nodeloom', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const IMAGES = import.meta.glob<string>('../../examples/images/*.png', {
  query: '?inline',
  import: 'default',
  eager: true,
});

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `images/still-life.png` (relative to the example) -> its bundled data URI. */
function embedded(images: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(images).map(([path, uri]) => [`images/${baseName(path)}`, uri]));
}

/** Load Image sources that name a packaged image now carry it. */
function withImages(graph: GraphDocument, images: Map<string, string>): GraphDocument {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const source = n.params['source'];
      if (n.type !== LOAD_IMAGE_NODE || typeof source !== 'string') return n;
      const uri = images.get(source.replace(/^\.\//, ''));
      return uri ? { ...n, params: { ...n.params, source: uri } } : n;
    }),
  };
}

const titleFromId = (id: string): string =>
  id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' ');

/**
 * Parses the packaged examples; one that does not parse is left out (examples.test
 * keeps every example valid, so this only guards against a broken build).
 */
export function loadTemplates(
  workflows: Record<string, string> = WORKFLOWS,
  images: Record<string, string> = IMAGES,
): Template[] {
  const byName = embedded(images);
  const out: Template[] = [];
  for (const [path, text] of Object.entries(workflows)) {
    const parsed = parseWorkflow(text);
    const id = baseName(path).replace(/\.nodeloom$/, '');
    if (!parsed.ok) {
      console.warn(`template ${id} skipped: ${parsed.error.message}`);
      continue;
    }
    const { meta, graph } = parsed.value;
    out.push({
      id,
      title: meta.name ?? titleFromId(id),
      description: meta.description ?? '',
      file: { ...parsed.value, graph: withImages(graph, byName) },
    });
  }
  return out.sort(
    (a, b) => TEMPLATE_ORDER(a.id) - TEMPLATE_ORDER(b.id) || a.id.localeCompare(b.id),
  );
}

/** The simplest first: a new user's first run should be the shortest one. */
const FIRST = ['text-to-image-then-edit'];
const TEMPLATE_ORDER = (id: string): number => {
  const i = FIRST.indexOf(id);
  return i < 0 ? FIRST.length : i;
};

let cached: Template[] | null = null;
export function packagedTemplates(): Template[] {
  return (cached ??= loadTemplates());
}

/** The template as workflow text, for opening as an untitled document. */
export const templateText = (template: Template): string => serializeWorkflow(template.file);

import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import type { GraphDocument } from '../../shared/graph/document';
import type { NodeId } from '../../shared/graph/ids';
import { LOAD_IMAGE_NODE } from '../../shared/nodes/builtins';
import { imageSourceKind } from '../../shared/nodes/imageSource';
import { fileDocument } from '../store/graphStore';
import type { GraphStoreState, ParamChange } from '../store/types';
import { fileName } from './files';
import type { UiStore } from './uiStore';

/**
 * What the studio does with the files Load Image nodes point at: asks before a
 * workflow reads images outside its own folder, embeds them in the workflow on
 * request, and keeps relative paths right when the workflow is saved elsewhere.
 * The host does the path work (it alone knows the file system); this is the UI.
 */

export interface ImageSourceDeps {
  host: HostClient;
  graph: StoreApi<GraphStoreState>;
  ui: UiStore;
}

/** A source that names a file: not empty, not an https URL, not embedded data. */
export const isFileSource = (source: unknown): source is string =>
  imageSourceKind(source) === 'file';

/** Embedding asks for a few files at a time: each answer carries whole images. */
const EMBED_BATCH = 8;

/**
 * The Load Image nodes that point at files on the canvas's level and inside the
 * document's components (but the one open on the canvas, whose nodes are the level's).
 */
function fileTargets(
  doc: GraphDocument,
  open: string | undefined,
): { nodeId: NodeId; source: string; componentId?: string }[] {
  const inside = Object.entries(doc.components ?? {})
    .filter(([componentId]) => componentId !== open)
    .flatMap(([componentId, def]) => fileSources(def).map((t) => ({ ...t, componentId })));
  return [...fileSources(doc), ...inside];
}

/**
 * Every file the Load Image nodes of the whole file name: its own and those inside
 * its components (which run as their nodes, and read the same files).
 */
export const fileSourcesInFile = (file: GraphDocument): string[] => [
  ...new Set(fileTargets(file, undefined).map((t) => t.source)),
];

/** The Load Image nodes that point at files, with their sources. */
export function fileSources(
  doc: Pick<GraphDocument, 'nodes'>,
): { nodeId: NodeId; source: string }[] {
  const out: { nodeId: NodeId; source: string }[] = [];
  for (const node of doc.nodes) {
    const source = node.params['source'];
    if (node.type === LOAD_IMAGE_NODE && isFileSource(source))
      out.push({ nodeId: node.id, source });
  }
  return out;
}

const inComponent = (componentId: string | undefined): { componentId?: string } =>
  componentId === undefined ? {} : { componentId };

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const listed = (paths: readonly string[], max = 5): string =>
  paths.slice(0, max).join('\n') + (paths.length > max ? `\n… and ${paths.length - max} more` : '');

/**
 * Asks before the open workflow reads images outside its folder (a workflow from
 * elsewhere must not read arbitrary files unasked). True when nothing needs asking
 * or the user allowed it; the host then lets this session read those files.
 */
export async function confirmOutsideImages({ host, graph, ui }: ImageSourceDeps): Promise<boolean> {
  const { filePath } = graph.getState();
  // The whole file, also while a component is open: every image the run may read.
  const sources = fileSourcesInFile(fileDocument(graph.getState()));
  if (sources.length === 0) return true;
  const where = filePath ? { workflowPath: filePath } : {};
  const { outside } = await host.call('images.outside', { ...where, sources });
  if (outside.length === 0) return true;
  const name = filePath ? fileName(filePath) : 'This workflow';
  const ok = await ui.getState().confirm({
    title: 'Read images outside the workflow’s folder?',
    message:
      `${name} reads ${plural(outside.length, 'image')} outside its own folder:\n` +
      `${listed(outside.map((o) => o.path))}\n\n` +
      'Allow Nodeloom to read and send them to the provider? Only allow workflows you trust.',
    confirmLabel: 'Allow reading',
    cancelLabel: 'Don’t read them',
  });
  if (!ok) return false;
  await host.call('images.allow', { ...where, sources: outside.map((o) => o.source) });
  return true;
}

/**
 * Embeds the images of every file-based Load Image node in the workflow (as data
 * URIs), so the file travels alone. One undo step; files that cannot be read stay
 * as they are and are listed.
 */
export async function embedImages(deps: ImageSourceDeps): Promise<number> {
  const { host, graph, ui } = deps;
  const { doc, frames } = graph.getState();
  const targets = fileTargets(doc, frames.at(-1)?.componentId);
  if (targets.length === 0) {
    ui.getState().notify({ kind: 'info', text: 'No Load Image node points at a file.' });
    return 0;
  }
  if (!(await confirmOutsideImages(deps))) return 0;
  const { filePath } = graph.getState();
  const changes: ParamChange[] = [];
  const failed: string[] = [];
  for (let start = 0; start < targets.length; start += EMBED_BATCH) {
    const batch = targets.slice(start, start + EMBED_BATCH);
    const { images } = await host.call('images.embed', {
      ...(filePath ? { workflowPath: filePath } : {}),
      sources: batch.map((t) => t.source),
    });
    images.forEach((image, i) => {
      // The host's message names the file.
      const { nodeId, componentId } = batch[i]!;
      if (image.ok)
        changes.push({ nodeId, key: 'source', value: image.dataUri, ...inComponent(componentId) });
      else failed.push(image.error);
    });
  }
  if (changes.length > 0) {
    graph
      .getState()
      .dispatch(
        { type: 'setParams', changes },
        { label: `Embed ${plural(changes.length, 'image')}` },
      );
  }
  if (failed.length > 0) {
    ui.getState().notify({
      kind: 'warning',
      text: `${plural(failed.length, 'image')} could not be embedded and still point at files.`,
      details: failed,
    });
  } else {
    ui.getState().notify({
      kind: 'info',
      text: `Embedded ${plural(changes.length, 'image')}: the workflow file now carries ${changes.length === 1 ? 'it' : 'them'}.`,
    });
  }
  return changes.length;
}

/**
 * Before the workflow is written to `to`: relative image paths are re-expressed
 * from `to`'s folder, so they still name the same files (Save As elsewhere).
 * The change is an undoable step; nothing happens when the folder is the same.
 */
export async function rebaseImagePaths(
  { host, graph }: ImageSourceDeps,
  to: string,
): Promise<void> {
  const { doc, filePath, frames } = graph.getState();
  const targets = fileTargets(doc, frames.at(-1)?.componentId);
  if (targets.length === 0) return;
  const { sources } = await host.call('images.rebase', {
    ...(filePath ? { from: filePath } : {}),
    to,
    sources: targets.map((t) => t.source),
  });
  const changes: ParamChange[] = [];
  sources.forEach((source, i) => {
    const { nodeId, componentId, source: was } = targets[i]!;
    if (source !== was)
      changes.push({ nodeId, key: 'source', value: source, ...inComponent(componentId) });
  });
  if (changes.length > 0)
    graph
      .getState()
      .dispatch(
        { type: 'setParams', changes },
        { label: `Update image paths for ${fileName(to)}` },
      );
}

import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import type { GraphDocument } from '../../shared/graph/document';
import { nodeId as toNodeId } from '../../shared/graph/ids';
import { LOAD_IMAGE_NODE } from '../../shared/nodes/builtins';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { OutputImage } from '../../shared/run/events';
import { uploadImage } from '../canvas/loadImageSource';
import { newEdgeId, newNodeId, takenIds } from '../store/ids';
import type { GraphStoreState } from '../store/types';

/** What the viewer's buttons do beyond showing: copy, and feed the image back in. */

/** A node's image input a Load Image can be wired to. */
export interface ImageInputChoice {
  nodeId: string;
  port: string;
  /** "Nano Banana Pro Edit · Image" */
  label: string;
}

/** Every image input in the document, in node order, named for a menu. */
export function imageInputChoices(doc: GraphDocument, registry: NodeRegistry): ImageInputChoice[] {
  const out: ImageInputChoice[] = [];
  for (const node of doc.nodes) {
    const spec = registry.get(node.type);
    for (const port of spec?.inputs ?? []) {
      if (port.type !== 'image' && port.type !== 'image[]') continue;
      out.push({ nodeId: node.id, port: port.id, label: `${spec!.title} · ${port.label}` });
    }
  }
  return out;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

async function fetchImage(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the image could not be read (HTTP ${response.status})`);
  return response.blob();
}

/**
 * Puts the image on the system clipboard. Browsers take only PNG there, so other
 * types are converted by drawing them once.
 */
export async function copyImageToClipboard(url: string, mimeType: string): Promise<void> {
  if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) {
    throw new Error('this window cannot write images to the clipboard');
  }
  const blob = await fetchImage(url);
  const png = mimeType === 'image/png' ? blob : await toPng(blob);
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
}

async function toPng(blob: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('could not convert to PNG'))),
      'image/png',
    ),
  );
}

const GAP_LEFT = 340;

/**
 * A new Load Image node holding this image (written beside the workflow, under
 * `inputs/`, like any image the user hands over), left of `target` and wired to it;
 * with no target, placed at `fallbackAt`. Returns the new node's id.
 */
export async function addAsLoadImage(
  deps: { host: HostClient; graph: StoreApi<GraphStoreState> },
  image: OutputImage,
  target: { nodeId: string; port: string } | null,
  fallbackAt: { x: number; y: number },
  name: string,
): Promise<string> {
  const { host, graph } = deps;
  const blob = await fetchImage(host.imageUrl(image.hash));
  const file = new File([blob], `${name}.${EXTENSIONS[image.mimeType] ?? 'png'}`, {
    type: image.mimeType,
  });
  const uploaded = await uploadImage(host, file, graph.getState().filePath);
  if (!uploaded.ok) throw new Error(uploaded.message);
  const doc = graph.getState().doc;
  const taken = takenIds(doc);
  const id = newNodeId(taken);
  const into = target ? doc.nodes.find((n) => n.id === target.nodeId) : undefined;
  const position = into
    ? { x: into.position.x - GAP_LEFT, y: into.position.y }
    : { x: fallbackAt.x, y: fallbackAt.y };
  const { dispatch } = graph.getState();
  dispatch(
    {
      type: 'addNodes',
      nodes: [{ id, type: LOAD_IMAGE_NODE, params: { source: uploaded.source }, position }],
    },
    { label: 'Use image as Load Image' },
  );
  if (into && target) {
    // `connect` replaces what fed a single image input before.
    dispatch({
      type: 'connect',
      edge: {
        id: newEdgeId(taken),
        source: id,
        sourceHandle: 'image',
        target: toNodeId(target.nodeId),
        targetHandle: target.port,
      },
    });
  }
  graph.getState().setSelection([id], []);
  return id;
}

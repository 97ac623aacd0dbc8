import os from 'node:os';
import path from 'node:path';
import type { GraphDocument } from '../../../shared/graph/document';
import { flattenComponents } from '../../../shared/plan/flattenComponents';
import { PREVIEW_NODE } from '../../../shared/nodes/builtins';
import { nodeName } from '../../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { RunEvent } from '../../../shared/run/events';
import { createWorkflow } from '../../../shared/workflow/format';
import type { BlobStore } from '../storage/blobStore';
import type { Provenance } from './saveImages';
import { baseNodeId } from '../../../shared/plan/expand/instances';
import type { InstanceLabel } from '../../../shared/plan/expand/instances';
import { OUTPUT_FOLDER_NAME, imagePrefix, saveNumberedImage, savesOutputs } from './saveImages';

/** Files one Preview/Save node wrote, with the stored image each came from. */
export interface SavedFiles {
  runId: string;
  nodeId: string;
  files: Array<{ path: string; hash: string }>;
  /** Why the rest were not saved (a full disk, a folder that cannot be written). */
  error?: string;
}

export interface RunSaverOptions {
  blobs: BlobStore;
  registry: NodeRegistry;
  /** The graph as sent: what each PNG carries (components and all). */
  graph: GraphDocument;
  /** The workflow file (absent while unsaved): its name is the fallback prefix. */
  workflowPath?: string | undefined;
  /** The output folder (absolute). */
  dir: string;
  onSaved(saved: SavedFiles): void;
  warn(message: string): void;
}

/**
 * The output folder for a run: the setting (absolute, `~/...` in the home folder, or
 * relative to the workflow's folder) or `nodeloom-output/` in the workflow's folder (the workspace while the
 * workflow is unsaved).
 */
export function outputFolder(
  setting: string | null,
  workflowFolder: string,
  home: string = os.homedir(),
): string {
  if (setting === null) return path.join(workflowFolder, OUTPUT_FOLDER_NAME);
  // "~/Pictures/renders", as typed in a shell.
  const expanded = /^~(?=$|[\\/])/.test(setting) ? path.join(home, setting.slice(1)) : setting;
  return path.resolve(workflowFolder, expanded);
}

/**
 * A run listener that saves the images each saving Preview/Save node receives, as
 * soon as the node is done (not at the end of the run), with the provenance the
 * model nodes' events reported. Saves run one after another; `idle()` resolves when
 * every save started so far has ended.
 */
export function createRunSaver(options: RunSaverOptions): {
  listener: (event: RunEvent) => void;
  idle(): Promise<void>;
} {
  const { blobs, registry, graph, dir } = options;
  // Events name the nodes of the planned graph (components flattened); PNGs carry the workflow.
  const planned = flattenComponents(graph, registry).graph;
  const nodes = new Map(planned.nodes.map((n) => [n.id as string, n]));
  const provenance = new Map<string, Omit<Provenance, 'nodeId' | 'createdAt'>>();
  const workflow = createWorkflow(graph, {
    ...(options.workflowPath ? { name: workflowStem(options.workflowPath) } : {}),
  });
  const fallbackPrefix = options.workflowPath ? workflowStem(options.workflowPath) : 'nodeloom';
  let chain: Promise<void> = Promise.resolve();

  /** The instance labels of the run (expanded runs: variants, combinations). */
  let labels: Record<string, InstanceLabel> = {};

  const save = async (runId: string, nodeId: string, images: RunEventImages): Promise<void> => {
    const node = nodes.get(baseNodeId(nodeId, labels))!;
    const label = labels[nodeId];
    const prefix = imagePrefix(node.params, fallbackPrefix, label, labels);
    const files: SavedFiles['files'] = [];
    try {
      for (const image of images) {
        const file = await saveNumberedImage(blobs, image, { dir, prefix }, workflow, {
          nodeId,
          createdAt: new Date().toISOString(),
          ...provenance.get(image.hash),
        });
        files.push({ path: file, hash: image.hash });
      }
    } catch (e) {
      const error = `could not save to ${dir}: ${(e as Error).message}`;
      options.warn(`${nodeName(node, registry)}: ${error}`);
      options.onSaved({ runId, nodeId, files, error });
      return;
    }
    options.onSaved({ runId, nodeId, files });
  };

  return {
    listener(event) {
      if (event.type === 'run-started') labels = event.labels ?? {};
      if (event.type !== 'node' || !event.images) return;
      const node = nodes.get(baseNodeId(event.nodeId, labels));
      if (!node || (event.state !== 'done' && event.state !== 'cached')) return;
      const model = registry.get(node.type)?.model;
      if (model) {
        for (const image of event.images) {
          provenance.set(image.hash, {
            provider: model.provider,
            endpoint: model.endpoint,
            ...(event.requestId ? { requestId: event.requestId } : {}),
            ...(event.costUsd !== undefined ? { costUsd: event.costUsd } : {}),
          });
        }
        return;
      }
      if (node.type !== PREVIEW_NODE || !savesOutputs(node.params)) return;
      const images = event.images;
      chain = chain
        .then(() => save(event.runId, event.nodeId, images))
        .catch((e: unknown) => options.warn(`saving the images of a run: ${String(e)}`));
    },
    idle: () => chain,
  };
}

type RunEventImages = NonNullable<Extract<RunEvent, { type: 'node' }>['images']>;

const workflowStem = (file: string): string => path.basename(file).replace(/\.[^.]+$/, '');

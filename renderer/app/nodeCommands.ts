import type { StoreApi } from 'zustand/vanilla';
import { NodeColorSchema } from '../../shared/graph/document';
import type { GraphNode } from '../../shared/graph/document';
import { nodeName } from '../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { requestRename } from '../canvas/renameNode';
import type { RunStoreState } from '../store/runTypes';
import type { GraphStoreState } from '../store/types';
import type { Commands } from './shortcuts';
import type { UiStore } from './uiStore';

export interface NodeCommandDeps {
  graph: StoreApi<GraphStoreState>;
  run: StoreApi<RunStoreState>;
  ui: UiStore;
  registry: NodeRegistry;
  win?: Window;
}

/**
 * The commands of the node context menu that act on the selected nodes: rename,
 * colour and pin. (Run to Selected, Duplicate and Delete are the Run and Edit
 * commands; Show in History is the history panel's, see studioSession.)
 */
export function createNodeCommands(deps: NodeCommandDeps): Commands {
  const { graph, run, ui } = deps;
  const selected = (): GraphNode[] => {
    const { doc, selectedNodeIds } = graph.getState();
    const ids = new Set<string>(selectedNodeIds);
    return doc.nodes.filter((n) => ids.has(n.id));
  };
  return {
    'node.rename': () => {
      const node = selected()[0];
      if (node) requestRename(deps.win ?? window, node.id);
    },
    'node.color': (arg) => {
      const nodes = selected();
      if (nodes.length === 0) return;
      // Menus pass a palette name; anything else is no colour at all.
      const parsed = NodeColorSchema.safeParse(arg?.color);
      graph.getState().dispatch({
        type: 'setColor',
        nodeIds: nodes.map((n) => n.id),
        color: parsed.success ? parsed.data : undefined,
      });
    },
    'node.pin': () => {
      const nodes = selected();
      const first = nodes[0];
      if (!first) return;
      if (first.pinned) {
        for (const n of nodes.filter((n) => n.pinned))
          graph.getState().dispatch({ type: 'setPin', nodeId: n.id, pin: undefined });
        return;
      }
      const outputs = run.getState().nodes;
      const pinnable = nodes.filter(
        (n) => n.type.startsWith('model:') && (outputs[n.id]?.images?.length ?? 0) > 0,
      );
      if (pinnable.length === 0) {
        ui.getState().notify({
          kind: 'info',
          text: `${nodeName(first, deps.registry)} has no output to pin yet: run it first.`,
        });
        return;
      }
      for (const n of pinnable) {
        const view = outputs[n.id]!;
        graph.getState().dispatch({
          type: 'setPin',
          nodeId: n.id,
          pin: {
            images: view.images!,
            ...(view.past ? { runId: view.past.runId } : {}),
            ...(view.requestId ? { requestId: view.requestId } : {}),
          },
        });
      }
    },
  };
}

import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import { componentIdOf } from '../../shared/graph/components';
import { componentBundle } from '../../shared/graph/componentFile';
import { LIBRARY_CHANGED_EVENT } from '../canvas/ComponentLibrary';
import { fileDocument } from '../store/graphStore';
import type { GraphStoreState } from '../store/types';
import type { CommandId, Commands } from './shortcuts';
import type { UiStore } from './uiStore';

interface ComponentDeps {
  host: HostClient;
  graph: StoreApi<GraphStoreState>;
  ui: UiStore;
}

type ComponentCommands = Pick<Commands, Extract<CommandId, `component.${string}`>>;

/** The component commands of the command table: make, open, leave, unpack, export. */
export function createComponentCommands({ host, graph, ui }: ComponentDeps): ComponentCommands {
  const note = (text: string) => ui.getState().notify({ kind: 'info', text });
  /** The one selected instance, or a note saying what to select. */
  const selectedInstance = (): string | undefined => {
    const s = graph.getState();
    const instances = s.selectedNodeIds.filter((id) => {
      const node = s.doc.nodes.find((n) => n.id === id);
      return node && componentIdOf(node.type) !== undefined;
    });
    if (instances.length !== 1) {
      note('Select one component first.');
      return undefined;
    }
    return instances[0];
  };
  return {
    'component.make': () => {
      if (graph.getState().selectedNodeIds.length === 0) {
        note('Select the nodes to make a component of first.');
        return;
      }
      graph.getState().makeComponent();
    },
    'component.open': () => {
      const id = selectedInstance();
      if (id) graph.getState().openComponent(id);
    },
    'component.exit': () => graph.getState().exitComponent(),
    'component.unpack': () => {
      const id = selectedInstance();
      if (id) graph.getState().unpackComponent(id);
    },
    'component.export': async () => {
      const instance = selectedInstance();
      if (!instance) return;
      const s = graph.getState();
      const node = s.doc.nodes.find((n) => n.id === instance)!;
      const id = componentIdOf(node.type)!;
      const file = fileDocument(s);
      const bundle = componentBundle(file.components ?? {}, id);
      if (!bundle) return;
      // The name the artist gave the node is the name it goes by in the library.
      const components = node.title
        ? { ...bundle, [id]: { ...bundle[id]!, name: node.title } }
        : bundle;
      try {
        const saved = await host.call('components.save', { id, components });
        window.dispatchEvent(new Event(LIBRARY_CHANGED_EVENT));
        ui.getState().notify({
          kind: 'info',
          text: `“${components[id]!.name}” is in the components library (${saved.path}): add it to any workflow from the node library.`,
        });
      } catch (e) {
        ui.getState().notify({
          kind: 'error',
          text: `Could not export the component: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    },
  };
}

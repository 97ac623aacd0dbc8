import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import { SnippetSchema } from '../../shared/contract/settings';
import type { Snippet } from '../../shared/contract/settings';
import { nodeName } from '../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { GraphStoreState } from '../store/types';
import type { CanvasControl } from './appController';
import type { SettingsStore } from './settingsStore';
import type { UiStore } from './uiStore';

export interface SnippetDeps {
  host: HostClient;
  registry: NodeRegistry;
  graph: StoreApi<GraphStoreState>;
  ui: UiStore;
  settings: SettingsStore;
  canvas: () => CanvasControl | null;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** "Prompt + Nano Banana Pro Edit + 2 more": what the selection holds. */
export function snippetName(names: readonly string[]): string {
  const shown = names.slice(0, 2).join(' + ');
  const more = names.length > 2 ? ` + ${names.length - 2} more` : '';
  return `${shown}${more}`.slice(0, 80);
}

const newSnippetId = (): string =>
  `snippet-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Saves the selected nodes (and the wires between them) as a snippet in settings,
 * where every window's node library lists it. The host checks it (zod): too large
 * (embedded images) is refused with the reason.
 */
export async function saveSelectionAsSnippet(deps: SnippetDeps): Promise<Snippet | null> {
  const data = deps.graph.getState().copySelection();
  if (!data) {
    deps.ui.getState().notify({ kind: 'info', text: 'Select the nodes to save as a snippet.' });
    return null;
  }
  const snippet: Snippet = {
    id: newSnippetId(),
    name: snippetName(data.nodes.map((n) => nodeName(n, deps.registry))),
    nodes: data.nodes,
    edges: data.edges,
  };
  // The host's own check, first here: its reason in words, before anything is sent.
  const checked = SnippetSchema.safeParse(snippet);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')} ` : '';
    deps.ui.getState().notify({
      kind: 'error',
      text: `The snippet was not saved: it ${where}${issue?.message ?? 'is invalid'}.`,
    });
    return null;
  }
  try {
    deps.settings.setState(await deps.host.call('settings.update', { addSnippet: snippet }), true);
  } catch (e) {
    deps.ui.getState().notify({ kind: 'error', text: `The snippet was not saved: ${message(e)}` });
    return null;
  }
  deps.ui.getState().notify({
    kind: 'info',
    text: `Saved “${snippet.name}” to Snippets in the node library.`,
  });
  return snippet;
}

/** Inserts a snippet where the pointer last was over the canvas (fresh ids, selected). */
export function insertSnippet(deps: Pick<SnippetDeps, 'graph' | 'canvas'>, snippet: Snippet): void {
  const at = deps.canvas()?.pointer() ?? undefined;
  deps.graph
    .getState()
    .paste({ kind: 'nodeloom.clipboard', nodes: snippet.nodes, edges: snippet.edges }, at);
}

export async function removeSnippet(
  deps: Pick<SnippetDeps, 'host' | 'settings' | 'ui'>,
  id: string,
): Promise<void> {
  try {
    deps.settings.setState(await deps.host.call('settings.update', { removeSnippet: id }), true);
  } catch (e) {
    deps.ui
      .getState()
      .notify({ kind: 'error', text: `The snippet was not removed: ${message(e)}` });
  }
}

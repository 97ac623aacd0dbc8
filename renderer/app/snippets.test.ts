import { describe, expect, it, vi } from 'vitest';
import type { Snippet } from '../../shared/contract/settings';
import { SettingsPatchSchema } from '../../shared/contract/settings';
import { appInfo, fakeHost, pricedGraph, registry, settingsView } from './appTestKit';
import { createSettingsStore } from './settingsStore';
import { createStudio } from './studioSession';
import { insertSnippet, removeSnippet, snippetName } from './snippets';

/** A studio over a host that keeps snippets as the real one does (the patch parsed by zod). */
function studioWithSnippetHost() {
  let snippets: Snippet[] = [];
  const host = fakeHost({
    'settings.update': (input) => {
      const patch = SettingsPatchSchema.parse(input);
      snippets = snippets.filter(
        (s) => s.id !== patch.removeSnippet && s.id !== patch.addSnippet?.id,
      );
      if (patch.addSnippet) snippets.push(patch.addSnippet);
      return settingsView({ snippets });
    },
  });
  const studio = createStudio({
    host,
    registry,
    info: appInfo(),
    settings: createSettingsStore(settingsView()),
    catalogErrors: [],
  });
  studio.graph.getState().load(pricedGraph(), null);
  return { studio, host };
}

describe('snippets', () => {
  it('save the selection with the wires inside it, named after its nodes', async () => {
    const { studio } = studioWithSnippetHost();
    const [prompt, image, edit] = studio.graph.getState().doc.nodes;
    studio.graph.getState().setSelection([prompt!.id, image!.id, edit!.id], []);
    await studio.controller.commands['snippet.save']!();
    const [saved] = studio.settings.getState().snippets;
    expect(saved!.nodes.map((n) => n.id)).toEqual([prompt!.id, image!.id, edit!.id]);
    expect(saved!.edges).toHaveLength(2);
    expect(saved!.name).toBe('Prompt + Load Image + 1 more');
    expect(studio.ui.getState().notices.at(-1)?.text).toContain('Snippets');
  });

  it('insert at the cursor with fresh ids, and can be removed', async () => {
    const { studio, host } = studioWithSnippetHost();
    const [prompt] = studio.graph.getState().doc.nodes;
    studio.graph.getState().setSelection([prompt!.id], []);
    await studio.controller.commands['snippet.save']!();
    const snippet = studio.settings.getState().snippets[0]!;
    insertSnippet(
      {
        graph: studio.graph,
        canvas: () => ({ ...fakeCanvas(), pointer: () => ({ x: 900, y: 40 }) }),
      },
      snippet,
    );
    const inserted = studio.graph.getState().doc.nodes.at(-1)!;
    expect(inserted.id).not.toBe(prompt!.id);
    expect(inserted.position).toEqual({ x: 900, y: 40 });
    expect(studio.graph.getState().selectedNodeIds).toEqual([inserted.id]);
    await removeSnippet({ host, settings: studio.settings, ui: studio.ui }, snippet.id);
    expect(studio.settings.getState().snippets).toEqual([]);
  });

  it('say why a selection was not saved (too large for settings: an embedded image)', async () => {
    const { studio } = studioWithSnippetHost();
    const [, image] = studio.graph.getState().doc.nodes;
    const big = `data:image/png;base64,${'A'.repeat(600 * 1024)}`;
    studio.graph
      .getState()
      .dispatch({ type: 'setParam', nodeId: image!.id, key: 'source', value: big });
    studio.graph.getState().setSelection([image!.id], []);
    await studio.controller.commands['snippet.save']!();
    expect(studio.settings.getState().snippets).toEqual([]);
    expect(studio.ui.getState().notices.at(-1)).toMatchObject({ kind: 'error' });
    expect(studio.ui.getState().notices.at(-1)?.text).toMatch(/not saved.*larger than 512 KB/);
  });

  it('need a selection', async () => {
    const { studio, host } = studioWithSnippetHost();
    studio.graph.getState().setSelection([], []);
    await studio.controller.commands['snippet.save']!();
    expect(host.callsOf('settings.update')).toEqual([]);
    expect(snippetName(['A', 'B'])).toBe('A + B');
  });
});

const fakeCanvas = () => ({
  fitView: vi.fn(),
  focusNode: vi.fn(),
  screenToFlow: (p: { x: number; y: number }) => p,
  pointer: () => null,
  openPalette: vi.fn(),
});

import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOAD_IMAGE_NODE } from '../../shared/nodes/builtins';
import { renderStudio, pricedGraph, settingsView } from './appTestKit';
import { loadTemplates, packagedTemplates } from './templates';
import { WelcomePanel } from './WelcomePanel';

describe('templates', () => {
  it('are the packaged examples, the simplest first, with their images embedded', () => {
    const templates = packagedTemplates();
    expect(templates.map((t) => t.id)).toEqual([
      'text-to-image-then-edit',
      'edit-chain-with-reference',
      'one-prompt-three-models',
    ]);
    for (const t of templates) {
      expect(t.title).not.toBe('');
      for (const n of t.file.graph.nodes.filter((n) => n.type === LOAD_IMAGE_NODE))
        expect(String(n.params['source'])).toMatch(/^data:image\/png;base64,/);
    }
  });

  it('leave out an example that does not parse, and name it', () => {
    const good = packagedTemplates()[0]!;
    const text = JSON.stringify(good.file);
    const list = loadTemplates({ '/x/good.nodeloom': text, '/x/bad.nodeloom': '{"format":1}' }, {});
    expect(list.map((t) => t.id)).toEqual(['good']);
  });
});

describe('the welcome panel', () => {
  afterEach(cleanup);

  it('shows on an empty canvas: templates, open, first node with its key, key status and the emulator', () => {
    renderStudio(<WelcomePanel />, {
      info: { emulated: false },
      settings: {
        providers: {
          ...settingsView().providers,
          runflow: { baseUrl: 'https://x', keySet: true, keySource: 'keychain' },
        },
      },
    });
    const welcome = screen.getByTestId('welcome');
    expect(screen.getAllByRole('img').length).toBe(3); // one picture per template
    expect(screen.getByTestId('welcome-add').textContent).toContain('Ctrl+K');
    expect(screen.getByTestId('welcome-keys').textContent).toMatch(/RunComfy: no key/);
    expect(screen.getByTestId('welcome-keys').textContent).toMatch(/Runflow: key set/);
    expect(welcome.textContent).toContain('npm run web -- --emulator');
  });

  it('opens a template as an untitled copy, and is gone once a node exists', async () => {
    const { studio } = renderStudio(<WelcomePanel />);
    fireEvent.click(screen.getByTestId('template-text-to-image-then-edit'));
    await waitFor(() => expect(studio.graph.getState().doc.nodes).toHaveLength(4));
    expect(studio.graph.getState().filePath).toBeNull();
    expect(screen.queryByTestId('welcome')).toBeNull();
  });

  it('"Add a first node" opens the node search and makes room for it', () => {
    const { studio } = renderStudio(<WelcomePanel />);
    const openPalette = vi.fn();
    studio.canvas.current = {
      fitView: vi.fn(),
      focusNode: vi.fn(),
      screenToFlow: (p) => p,
      pointer: () => null,
      openPalette,
    };
    fireEvent.click(screen.getByTestId('welcome-add'));
    expect(openPalette).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('welcome')).toBeNull();
  });

  it('does not show over a graph', () => {
    renderStudio(<WelcomePanel />, { doc: pricedGraph() });
    expect(screen.queryByTestId('welcome')).toBeNull();
  });

  it('says providers are emulated when they are (no keys needed)', () => {
    renderStudio(<WelcomePanel />, { info: { emulated: true } });
    expect(screen.getByTestId('welcome-keys').textContent).toContain('emulated');
  });
});

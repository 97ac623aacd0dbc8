import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { Canvas } from './Canvas';
import { createHarness, fakeHost, renderWith } from './testing/harness';

afterEach(cleanup);

const HASH = 'b'.repeat(64);
const IMAGE = { hash: HASH, mimeType: 'image/png', width: 64, height: 48, bytes: 10 };

function setup() {
  const g = testGraph();
  g.model(MODELS.proTextToImage, {}, { id: 'studio' });
  g.preview({ filename_prefix: 'harbour' }, { id: 'keeper' });
  const harness = createHarness(g.doc());
  renderWith(harness, <Canvas onlyRenderVisibleElements={false} showMiniMap={false} />);
  return harness;
}

describe('renaming a node', () => {
  it('double-click edits the title in place; Enter keeps it as one undo step', () => {
    const h = setup();
    fireEvent.doubleClick(screen.getByTestId('title-studio'));
    const input = screen.getByTestId('title-input-studio') as HTMLInputElement;
    expect(input.value).toBe('Nano Banana Pro (RunComfy)');
    fireEvent.change(input, { target: { value: '  Harbour at dusk ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByTestId('title-studio').textContent).toBe('Harbour at dusk');
    expect(h.graph.getState().doc.nodes[0]!.title).toBe('Harbour at dusk');
    act(() => h.graph.getState().undo());
    expect(h.graph.getState().doc.nodes[0]!.title).toBeUndefined();
    expect(screen.getByTestId('title-studio').textContent).toBe('Nano Banana Pro (RunComfy)');
  });

  it('Escape cancels, and an emptied name goes back to the type label', () => {
    const h = setup();
    fireEvent.doubleClick(screen.getByTestId('title-keeper'));
    fireEvent.change(screen.getByTestId('title-input-keeper'), { target: { value: 'Gone' } });
    fireEvent.keyDown(screen.getByTestId('title-input-keeper'), { key: 'Escape' });
    expect(h.graph.getState().doc.nodes[1]!.title).toBeUndefined();

    fireEvent.doubleClick(screen.getByTestId('title-keeper'));
    fireEvent.change(screen.getByTestId('title-input-keeper'), { target: { value: 'Final' } });
    fireEvent.blur(screen.getByTestId('title-input-keeper'));
    expect(h.graph.getState().doc.nodes[1]!.title).toBe('Final');
    fireEvent.doubleClick(screen.getByTestId('title-keeper'));
    fireEvent.change(screen.getByTestId('title-input-keeper'), { target: { value: '   ' } });
    fireEvent.keyDown(screen.getByTestId('title-input-keeper'), { key: 'Enter' });
    expect(h.graph.getState().doc.nodes[1]!.title).toBeUndefined();
    expect(screen.getByTestId('title-keeper').textContent).toBe('Preview / Save');
  });
});

describe('where Preview/Save saved', () => {
  it('lists the saved files under the node; a click opens the image (web mode)', () => {
    const h = setup();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    act(() => {
      const run = h.run.getState();
      run.apply({
        type: 'run-started',
        runId: 'r1',
        at: 1,
        nodeIds: ['keeper'] as never,
        estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
      });
      run.apply({
        type: 'node',
        runId: 'r1',
        nodeId: 'keeper' as never,
        state: 'done',
        at: 2,
        images: [IMAGE],
      });
      run.saved({
        runId: 'r1',
        nodeId: 'keeper',
        files: [{ path: '/art/nodeloom-output/harbour_00001.png', hash: HASH }],
      });
      // A save for another run is not this one's.
      run.saved({ runId: 'old', nodeId: 'keeper', files: [{ path: '/x/y.png', hash: HASH }] });
    });
    const saved = screen.getByTestId('saved-keeper');
    expect(saved.textContent).toBe('Saved to nodeloom-output/harbour_00001.png');
    fireEvent.click(screen.getByTestId('saved-file'));
    expect(open).toHaveBeenCalledWith(fakeHost.imageUrl(HASH), '_blank', 'noopener');
    open.mockRestore();
  });
});

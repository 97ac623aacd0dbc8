import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { Canvas } from './Canvas';
import { createHarness, renderWith } from './testing/harness';

afterEach(cleanup);

const image = { hash: 'd'.repeat(64), mimeType: 'image/png', width: 2, height: 2, bytes: 9 };

describe('pin badge', () => {
  it('shows on a pinned model node; a click unpins it (undoable)', () => {
    const g = testGraph();
    g.model(MODELS.proTextToImage, {}, { id: 'm' });
    const harness = createHarness(g.doc());
    renderWith(harness, <Canvas onlyRenderVisibleElements={false} showMiniMap={false} />);
    expect(screen.queryByTestId('pin-m')).toBeNull();
    act(() =>
      harness.graph
        .getState()
        .dispatch({ type: 'setPin', nodeId: nodeId('m'), pin: { images: [image] } }),
    );
    fireEvent.click(screen.getByTestId('pin-m'));
    expect(harness.graph.getState().doc.nodes[0]!.pinned).toBeUndefined();
    expect(screen.queryByTestId('pin-m')).toBeNull();
    act(() => harness.graph.getState().undo());
    expect(screen.getByTestId('pin-m')).toBeTruthy();
  });
});

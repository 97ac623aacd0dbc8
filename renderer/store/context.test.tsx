import { describe, it, expect } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { nodeId } from '../../shared/graph/ids';
import {
  GraphStoreProvider,
  RunStoreProvider,
  useGraph,
  useGraphActions,
  useRun,
  useRunActions,
} from './context';
import { createRunStore } from './runStore';
import { getNode } from './selectors';
import { harness } from './storeTestKit';

describe('store context', () => {
  it('useGraph follows the selected slice and useGraphActions edits the document', () => {
    const { store } = harness();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <GraphStoreProvider store={store}>{children}</GraphStoreProvider>
    );
    const { result } = renderHook(
      () => ({
        text: useGraph((s) => getNode(s.doc, 'n1')?.params['text']),
        actions: useGraphActions(),
      }),
      { wrapper },
    );
    expect(result.current.text).toBe('a cat');
    const actions = result.current.actions;
    act(() =>
      actions.dispatch({ type: 'setParam', nodeId: nodeId('n1'), key: 'text', value: 'a dog' }),
    );
    expect(result.current.text).toBe('a dog');
    // The actions never change, so components that only edit never re-render for them.
    expect(result.current.actions).toBe(actions);
  });

  it('useRun and useRunActions reach the run store', () => {
    const store = createRunStore();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <RunStoreProvider store={store}>{children}</RunStoreProvider>
    );
    const { result } = renderHook(
      () => ({ active: useRun((s) => s.activeRunId), actions: useRunActions() }),
      { wrapper },
    );
    act(() => result.current.actions.started('r1'));
    expect(result.current.active).toBe('r1');
  });

  it('throws a clear error outside a provider', () => {
    expect(() => renderHook(() => useGraph((s) => s.doc))).toThrow(/GraphStoreProvider/);
  });
});

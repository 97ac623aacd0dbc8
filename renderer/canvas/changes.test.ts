import type { EdgeChange, NodeChange } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { applySelect, summariseEdgeChanges, summariseNodeChanges } from './changes';

describe('React Flow changes to store actions', () => {
  it('splits drags, drops, sizes, selection and removal', () => {
    const changes: NodeChange[] = [
      { id: 'a', type: 'position', position: { x: 1, y: 2 }, dragging: true },
      { id: 'b', type: 'position', position: { x: 3, y: 4 }, dragging: false },
      { id: 'c', type: 'dimensions', dimensions: { width: 280, height: 200 } },
      { id: 'a', type: 'select', selected: true },
      { id: 'd', type: 'remove' },
    ];
    const s = summariseNodeChanges(changes);
    expect(s.dragging).toEqual({ a: { x: 1, y: 2 } });
    expect(s.moved).toEqual({ b: { x: 3, y: 4 } });
    expect(s.sizes).toEqual({ c: { width: 280, height: 200 } });
    expect([...s.select!]).toEqual([['a', true]]);
    expect(s.removed).toBe(true);
    expect(summariseNodeChanges([])).toMatchObject({ dragging: null, moved: null, removed: false });
  });

  it('edge selection and removal', () => {
    const changes: EdgeChange[] = [
      { id: 'e1', type: 'select', selected: false },
      { id: 'e2', type: 'remove' },
    ];
    const s = summariseEdgeChanges(changes);
    expect([...s.select!]).toEqual([['e1', false]]);
    expect(s.removed).toBe(true);
  });

  it('applies selection flips keeping order', () => {
    const flips = new Map([
      ['b', false],
      ['d', true],
      ['a', true],
    ]);
    expect(applySelect(['a', 'b', 'c'], flips)).toEqual(['a', 'c', 'd']);
  });
});

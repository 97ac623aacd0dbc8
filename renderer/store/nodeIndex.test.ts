import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../shared/graph/document';
import { nodeIndex } from './nodeIndex';

const node = (id: string, x = 0) =>
  ({ id, type: 'prompt', position: { x, y: 0 }, params: {} }) as unknown as GraphNode;

describe('nodes by id', () => {
  it('finds each node of a new array, also after a drag frame moved one (same ids in place)', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const index = nodeIndex(nodes);
    expect(index.get('b')).toBe(nodes[1]);
    expect(index.has('z')).toBe(false);
    expect(index.size).toBe(3);
    const moved = [nodes[0]!, node('b', 50), nodes[2]!];
    const after = nodeIndex(moved);
    expect(after.get('b')).toBe(moved[1]);
    expect(after.get('b')?.position.x).toBe(50);
    expect(index.get('b')).toBe(nodes[1]);
    expect([...after.keys()]).toEqual(['a', 'b', 'c']);
    expect([...after.values()]).toEqual(moved);
    // The same array gives the same index.
    expect(nodeIndex(moved)).toBe(after);
  });

  it('finds nodes by their new places after a removal, an insertion or a reorder', () => {
    const nodes = [node('a'), node('b'), node('c')];
    nodeIndex(nodes);
    const removed = [nodes[0]!, nodes[2]!];
    expect(nodeIndex(removed).get('c')).toBe(nodes[2]);
    expect(nodeIndex(removed).has('b')).toBe(false);
    const reordered = [nodes[2]!, nodes[0]!];
    expect(nodeIndex(reordered).get('a')).toBe(nodes[0]);
    expect(nodeIndex(reordered).get('c')).toBe(nodes[2]);
    const swappedIds = [node('c'), node('a')];
    expect(nodeIndex(swappedIds).get('a')).toBe(swappedIds[1]);
  });
});

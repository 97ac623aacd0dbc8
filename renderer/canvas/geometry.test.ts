import { describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { toFlowNodes } from '../store/selectors';
import type { FlowNodeData } from '../store/selectors';
import { harness, registry } from '../store/storeTestKit';
import { estimateGeometry, withEstimatedGeometry } from './geometry';

describe('withEstimatedGeometry', () => {
  it('gives never-measured nodes a size and handles, and keeps measured nodes as they are', () => {
    const h = harness();
    h.s.setMeasured({ n1: { width: 240, height: 180 } });
    const flow = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured);
    const nodes = withEstimatedGeometry(flow, registry);
    expect(nodes[0]).toBe(flow[0]);
    const estimated = nodes[1]!;
    const spec = registry.get((estimated.data as FlowNodeData).nodeType)!;
    const geometry = estimateGeometry(spec);
    expect(estimated.initialWidth).toBe(geometry.width);
    expect(estimated.initialHeight).toBe(geometry.height);
    // Half a pixel off: a real measurement always differs and replaces it.
    expect(estimated.measured).toEqual({
      width: geometry.width + 0.5,
      height: geometry.height + 0.5,
    });
    expect(estimated.handles!.map((x) => `${x.type}:${x.id}`).sort()).toEqual(
      [
        ...spec.inputs.map((p) => `target:${p.id}`),
        ...spec.outputs.map((p) => `source:${p.id}`),
      ].sort(),
    );
    for (const handle of estimated.handles!) {
      expect(handle.y).toBeGreaterThan(0);
      expect(handle.y! + handle.height!).toBeLessThan(geometry.height);
    }
  });

  it('returns the same array for the same input, and the same objects for unchanged nodes', () => {
    const h = harness();
    const before = withEstimatedGeometry(
      toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured),
      registry,
    );
    const again = withEstimatedGeometry(
      toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured),
      registry,
    );
    expect(again).toBe(before);
    h.s.setSelection([nodeId('n3')], []);
    const after = withEstimatedGeometry(
      toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured),
      registry,
    );
    expect(after.filter((node, i) => node !== before[i]).map((node) => node.id)).toEqual(['n3']);
  });
});

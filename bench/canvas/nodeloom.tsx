import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import type { HostClient } from '../../shared/contract/hostApi';
import { nodeId } from '../../shared/graph/ids';
import type { OutputImage } from '../../shared/run/events';
import { AppContext } from '../../renderer/host/appContext';
import type { AppServices } from '../../renderer/host/appContext';
import { Canvas, CanvasProvider } from '../../renderer/canvas';
import { GraphStoreProvider, RunStoreProvider } from '../../renderer/store/context';
import { createGraphStore } from '../../renderer/store/graphStore';
import { sequentialIds } from '../../renderer/store/ids';
import { createRunStore } from '../../renderer/store/runStore';
import { benchRegistry, fitViewport, makeGraph, makeOutputsGraph, query } from './graph';
import { createProbe } from './probe';

/**
 * The REAL canvas (renderer/canvas Canvas, default props: onlyRenderVisibleElements and
 * the MiniMap on) over the real graph and run stores and the real catalog, with a fake
 * host that only serves image URLs. `?n=1000` canvas workflow; `?outputs=100&img=URL`
 * the memory part's graph (100 text-to-image models) with images (full size and
 * thumbnails) served from URL.
 */
const q = query();
const outputs = Number(q.get('outputs') ?? 0);
const n = Number(q.get('n') ?? 100);
const imgBase = q.get('img') ?? '';
// Diagnostics only (not used by the measured runs): `?minimap=0` hides the MiniMap.
const showMiniMap = q.get('minimap') !== '0';
const registry = benchRegistry();
const { doc, bounds } = outputs > 0 ? makeOutputsGraph(outputs) : makeGraph(n);

const host: HostClient = {
  call: () => Promise.reject(new Error('no host in the bench')),
  on: () => () => {},
  imageUrl: (hash) => `${imgBase}/blob/${hash}.png`,
  thumbUrl: (hash, size = 256) => `${imgBase}/thumb/${hash}.webp?size=${size}`,
};
const services: AppServices = {
  host,
  registry,
  info: { version: 'bench', emulated: true, nativeDialogs: false, workspaceDir: '/tmp' },
};
const graph = createGraphStore({ registry, ids: sequentialIds(), initial: doc });
const run = createRunStore();

/** Every node React Flow has in the DOM is measured (visible), and the edges are drawn. */
function drawn(): boolean {
  const nodes = document.querySelectorAll<HTMLElement>('.react-flow__node');
  if (nodes.length === 0) return false;
  for (const el of nodes) if (el.style.visibility === 'hidden') return false;
  return doc.edges.length === 0 || document.querySelector('.react-flow__edge') !== null;
}

/** Resolves once the DOM has settled: drawn and the node count unchanged over two frames. */
function settled(): Promise<number> {
  return new Promise((resolve) => {
    let last = -1;
    let frames = 0;
    const poll = () => {
      frames++;
      const count = document.querySelectorAll('.react-flow__node').length;
      if (frames > 2 && drawn() && count === last) requestAnimationFrame((t) => resolve(t));
      else {
        last = count;
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  });
}

const probe = createProbe(
  'nodeloom',
  doc.nodes.length,
  fitViewport(bounds),
  () => Promise.reject(new Error('the canvas is not mounted yet')),
  (x, y) => document.elementFromPoint(x, y)?.classList.contains('react-flow__pane') === true,
);

probe.addOutputs = async (count: number) => {
  const models = doc.nodes.filter((x) => x.type.startsWith('model:'));
  const perNode = Math.ceil(count / models.length);
  const runId = 'bench-run';
  run.getState().started(runId);
  run.getState().apply({
    type: 'run-started',
    runId,
    at: Date.now(),
    nodeIds: models.map((m) => m.id),
    estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
  });
  let k = 0;
  for (const m of models) {
    const images: OutputImage[] = [];
    for (let i = 0; i < perNode && k < count; i++, k++) {
      images.push({
        hash: k.toString(16).padStart(64, '0'),
        mimeType: 'image/png',
        width: 4096,
        height: 2304,
        bytes: 0,
      });
    }
    run.getState().apply({
      type: 'node',
      runId,
      nodeId: nodeId(m.id),
      state: 'done',
      at: Date.now(),
      elapsedMs: 12_000,
      images,
    });
  }
  return settled();
};

function BenchHooks() {
  const flow = useReactFlow();
  useEffect(() => {
    probe.setViewport = async (v) => {
      await flow.setViewport(v);
      return settled();
    };
    // Ready: every node React Flow put in the DOM is measured and the set is stable
    // (with onlyRenderVisibleElements it first mounts every unmeasured node once).
    void settled().then((t) => {
      probe.readyMs = t;
    });
  }, [flow]);
  return null;
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <AppContext.Provider value={services}>
    <GraphStoreProvider store={graph}>
      <RunStoreProvider store={run}>
        <CanvasProvider>
          <Canvas showMiniMap={showMiniMap} />
          <BenchHooks />
        </CanvasProvider>
      </RunStoreProvider>
    </GraphStoreProvider>
  </AppContext.Provider>,
);

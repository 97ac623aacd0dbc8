import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { fileSources } from '../../renderer/app/imageSources';
import { runProblems } from '../../renderer/app/runCommands';
import { estimateRun, runLabel } from '../../renderer/app/runEstimate';
import { useGraph } from '../../renderer/store/context';
import { useStructure } from '../../renderer/store/structure';
import { createRoot } from 'react-dom/client';
import type { HostClient } from '../../shared/contract/hostApi';
import { nodeId } from '../../shared/graph/ids';
import type { OutputImage } from '../../shared/run/events';
import { AppContext } from '../../renderer/host/appContext';
import type { AppServices } from '../../renderer/host/appContext';
import { Canvas, CanvasProvider } from '../../renderer/canvas';
import { boxAt, overviewModel } from '../../renderer/canvas/overview/layout';
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

/** React Flow's viewport, once mounted (screen = flow * zoom + (x, y)). */
let flowTransform: () => [number, number, number] = () => [0, 0, 1];

/**
 * Zoomed out: the overview canvas shows the current viewport and React Flow has no
 * node DOM left. Else: every node React Flow has in the DOM is measured (visible),
 * and the edges are drawn.
 */
function drawn(): boolean {
  const overview = document.querySelector<HTMLCanvasElement>('.nl-overview');
  if (overview) {
    return (
      overview.dataset.view === flowTransform().join(',') &&
      document.querySelector('.react-flow__node') === null
    );
  }
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
  (x, y) => {
    if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane') !== true)
      return false;
    // Zoomed out the boxes are pixels over the pane: a press on one drags the node.
    if (!document.querySelector('.nl-overview')) return true;
    const [tx, ty, zoom] = flowTransform();
    const s = graph.getState();
    const { boxes } = overviewModel(s.doc, registry, s.measured);
    return !boxAt(boxes, { x: (x - tx) / zoom, y: (y - ty) / zoom });
  },
  () => {
    // The title bar's left padding (not the name, not a handle) of the node nearest the centre.
    let best: { x: number; y: number } | null = null;
    let bestD = Infinity;
    for (const el of document.querySelectorAll('.react-flow__node .nl-node__title')) {
      const r = el.getBoundingClientRect();
      const p = { x: r.left + 4, y: r.top + r.height / 2 };
      const d = Math.hypot(p.x - 640, p.y - 400);
      if (d < bestD) [best, bestD] = [p, d];
    }
    return best;
  },
  doc.viewport,
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

/**
 * What the app's toolbar and issues panel derive from the document (Toolbar.tsx,
 * IssuesPanel.tsx: the two Run estimates, the file scan, the live problem check), on
 * the same subscription (useStructure), so the node-drag row pays what the app pays.
 */
function DocumentDerivations() {
  const doc = useStructure();
  const selected = useGraph((s) => s.selectedNodeIds);
  const run = useMemo(() => runLabel('Run', estimateRun(doc, registry)), [doc]);
  const some = useMemo(
    () =>
      selected.length ? runLabel('Run to selected', estimateRun(doc, registry, selected)) : '',
    [doc, selected],
  );
  const files = useMemo(() => fileSources(doc).length, [doc]);
  const problems = useMemo(() => runProblems(doc, registry).length, [doc]);
  return <output hidden>{`${run} ${some} ${files} ${problems}`}</output>;
}

function BenchHooks() {
  const flow = useReactFlow();
  const rf = useStoreApi();
  useEffect(() => {
    flowTransform = () => rf.getState().transform;
    probe.setViewport = async (v) => {
      await flow.setViewport(v);
      return settled();
    };
    // Ready: every node React Flow put in the DOM is measured and the set is stable
    // (with onlyRenderVisibleElements it first mounts every unmeasured node once).
    void settled().then((t) => {
      probe.readyMs = t;
    });
  }, [flow, rf]);
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
          <DocumentDerivations />
        </CanvasProvider>
      </RunStoreProvider>
    </GraphStoreProvider>
  </AppContext.Provider>,
);

import { useCallback, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ParamValue } from '../../shared/graph/document';
import { nodeName } from '../../shared/nodes/nodeName';
import type { OutputImage } from '../../shared/run/events';
import { CompareView } from './history/CompareView';
import type { CompareMode } from './history/historyUi';
import './history/history.css';
import { ImageStage } from './ImageStage';
import { addAsLoadImage, copyImageToClipboard, imageInputChoices } from './imageViewerActions';
import {
  actualSize,
  fitView,
  viewerKeyAction,
  zoomBy,
  zoomLabel,
  ZOOM_STEP,
} from './imageViewerModel';
import type { Size, ViewerEntry, ViewState } from './imageViewerModel';
import { useApp } from '../host/appContext';
import { Modal } from './Modal';
import { useGraph, useRun } from '../store/context';
import { useStudio } from './studioContext';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** A download name that says where the image came from: `Harbour at dusk-1a2b3c4d.png`. */
export function downloadName(image: OutputImage, nodeName?: string): string {
  const ext = EXTENSIONS[image.mimeType] ?? 'bin';
  const from = nodeName?.replace(/[\\/:*?"<>|]+/g, '-');
  return `${from ? `${from}-` : ''}${image.hash.slice(0, 8)}.${ext}`;
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const showParam = (value: ParamValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

interface ImageViewerProps {
  entries: readonly ViewerEntry[];
  /** The entry shown first. */
  index: number;
  onClose(): void;
}

/**
 * An image at full size: zoom (wheel, + and -, 1:1, Fit) and pan, next and previous
 * across the run's images (arrow keys), the parameters and provenance of the node
 * that made it beside it, and what to do with it: download, copy, feed it back as a
 * Load Image, or compare it with another image. Escape closes.
 */
export function ImageViewer({ entries, index: first, onClose }: ImageViewerProps) {
  const { host, registry } = useApp();
  const studio = useStudio();
  const [index, setIndex] = useState(() => Math.min(Math.max(0, first), entries.length - 1));
  const [view, setView] = useState<ViewState | null>(null);
  const [stage, setStage] = useState<Size>({ width: 0, height: 0 });
  const [comparing, setComparing] = useState<number | null>(null);
  const [compareMode, setCompareMode] = useState<CompareMode>('slider');
  const [status, setStatus] = useState<string | null>(null);
  const entry = entries[index]!;
  const { image, nodeId } = entry;
  const url = host.imageUrl(image.hash);
  const doc = useGraph((s) => s.doc);
  const runNodes = useRun((s) => s.nodes);
  const shownBy = nodeId ? doc.nodes.find((n) => n.id === nodeId) : undefined;
  // Parameters and provenance are the model's that made the image, also when a
  // Preview showing it was clicked.
  const node =
    doc.nodes.find(
      (n) =>
        registry.get(n.type)?.model && runNodes[n.id]?.images?.some((i) => i.hash === image.hash),
    ) ?? shownBy;
  const spec = node ? registry.get(node.type) : undefined;
  const runView = node ? runNodes[node.id] : undefined;
  // Named after the node that made it, as the artist named it (its title, else its type's label).
  const shownName = node ? nodeName(node, registry) : undefined;
  const title = shownName ? `Image from ${shownName}` : 'Image';
  const label = (e: ViewerEntry, i: number): string => {
    const n = e.nodeId ? doc.nodes.find((d) => d.id === e.nodeId) : undefined;
    const t = n ? nodeName(n, registry) : 'Image';
    return `${i + 1}. ${t} · ${e.image.width}×${e.image.height}`;
  };
  const inputs = useMemo(() => imageInputChoices(doc, registry), [doc, registry]);
  const [target, setTarget] = useState<string>('');
  const [compareWith, setCompareWith] = useState<number>(() =>
    entries.length > 1 ? (first + 1) % entries.length : 0,
  );

  const go = useCallback(
    (step: number) => {
      if (entries.length < 2) return;
      setIndex((i) => (i + step + entries.length) % entries.length);
      setView(null);
      setStatus(null);
    },
    [entries.length],
  );
  const act = (action: ReturnType<typeof viewerKeyAction>): boolean => {
    if (!action) return false;
    if (action === 'close') onClose();
    else if (action === 'next') go(1);
    else if (action === 'previous') go(-1);
    else if (view && action === 'zoom-in') setView(zoomBy(view, ZOOM_STEP, image, stage));
    else if (view && action === 'zoom-out') setView(zoomBy(view, 1 / ZOOM_STEP, image, stage));
    else if (action === 'actual-size') setView(actualSize(image, stage));
    else if (action === 'fit') setView(fitView(image, stage));
    return true;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (comparing !== null) {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setComparing(null);
      }
      return;
    }
    // Fields and menus keep their keys (a select's arrows, typing).
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA') return;
    if (!act(viewerKeyAction(e))) return;
    e.preventDefault();
    e.stopPropagation();
  };

  const copy = async (): Promise<void> => {
    try {
      await copyImageToClipboard(url, image.mimeType);
      setStatus('Copied to the clipboard');
    } catch (e) {
      setStatus(`Not copied: ${(e as Error).message}`);
    }
  };
  const useAsLoadImage = async (): Promise<void> => {
    const choice = inputs.find((c) => `${c.nodeId}:${c.port}` === target) ?? null;
    const at = node ? { x: node.position.x, y: node.position.y + 420 } : { x: 0, y: 0 };
    try {
      await addAsLoadImage(
        { host, graph: studio.graph },
        image,
        choice,
        at,
        downloadName(image, shownName).replace(/\.[^.]+$/, ''),
      );
      onClose();
    } catch (e) {
      setStatus(`Not added: ${(e as Error).message}`);
    }
  };

  // Never the image itself: after next/previous the choice moves on.
  const otherIndex = compareWith === index ? (index + 1) % entries.length : compareWith;
  const other = entries[otherIndex];
  return (
    <Modal
      title={entries.length > 1 ? `${title} · ${index + 1} of ${entries.length}` : title}
      testId="image-viewer"
      className="image-viewer"
      onClose={onClose}
      initialFocus="[data-testid=image-viewer-stage]"
    >
      <div className="viewer" onKeyDown={onKeyDown}>
        <div className="viewer-main">
          <div className="viewer-toolbar" role="toolbar" aria-label="Zoom">
            <button
              type="button"
              data-testid="image-viewer-previous"
              disabled={entries.length < 2}
              onClick={() => go(-1)}
              title="Previous image (←)"
            >
              ‹
            </button>
            <button
              type="button"
              data-testid="image-viewer-next"
              disabled={entries.length < 2}
              onClick={() => go(1)}
              title="Next image (→)"
            >
              ›
            </button>
            <span className="viewer-toolbar__gap" />
            <button type="button" onClick={() => act('zoom-out')} title="Zoom out (-)">
              −
            </button>
            <span className="viewer-zoom" data-testid="image-viewer-zoom">
              {view ? zoomLabel(view.zoom) : ''}
            </span>
            <button type="button" onClick={() => act('zoom-in')} title="Zoom in (+)">
              +
            </button>
            <button
              type="button"
              data-testid="image-viewer-actual"
              aria-pressed={view?.zoom === 1 && !view.fitted}
              onClick={() => act('actual-size')}
              title="Actual size, one image pixel per screen pixel (1)"
            >
              1:1
            </button>
            <button
              type="button"
              data-testid="image-viewer-fit"
              aria-pressed={view?.fitted ?? false}
              onClick={() => act('fit')}
              title="Fit the window (0)"
            >
              Fit
            </button>
          </div>
          <ImageStage
            key={image.hash}
            url={url}
            image={image}
            alt={`${title}, ${image.width} × ${image.height}`}
            view={view}
            onView={setView}
            onStageSize={setStage}
          />
        </div>
        <aside className="viewer-side" data-testid="image-viewer-info">
          <dl className="viewer-facts">
            <dt>Size</dt>
            <dd data-testid="image-viewer-size">
              {image.width} × {image.height}
            </dd>
            <dt>File</dt>
            <dd>
              {image.mimeType.replace('image/', '').toUpperCase()} · {formatBytes(image.bytes)}
            </dd>
            {spec?.model ? (
              <>
                <dt>Made by</dt>
                <dd>{spec.title}</dd>
                <dt>Model</dt>
                <dd>{spec.model.displayName}</dd>
                <dt>Provider</dt>
                <dd>
                  {spec.model.provider} · {spec.model.endpoint}
                </dd>
              </>
            ) : null}
            {runView?.requestId ? (
              <>
                <dt>Request</dt>
                <dd className="viewer-mono">{runView.requestId}</dd>
              </>
            ) : null}
            {runView?.costUsd !== undefined ? (
              <>
                <dt>Cost</dt>
                <dd>${runView.costUsd.toFixed(2)}</dd>
              </>
            ) : null}
            <dt>Content hash</dt>
            <dd className="viewer-mono" title={image.hash}>
              {image.hash.slice(0, 16)}…
            </dd>
          </dl>
          {node && Object.keys(node.params).length > 0 ? (
            <>
              <h3>Parameters</h3>
              <dl className="viewer-params" data-testid="image-viewer-params">
                {Object.entries(node.params).map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{showParam(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
          <div className="viewer-actions">
            <a
              className="button primary"
              href={url}
              download={downloadName(image, shownName)}
              data-testid="image-viewer-download"
            >
              Download
            </a>
            <button type="button" data-testid="image-viewer-copy" onClick={() => void copy()}>
              Copy
            </button>
          </div>
          <div className="viewer-action-group">
            <label htmlFor="viewer-target">Use as Load Image, wired to</label>
            <select
              id="viewer-target"
              data-testid="image-viewer-target"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            >
              <option value="">no input (just add the node)</option>
              {inputs.map((c) => (
                <option key={`${c.nodeId}:${c.port}`} value={`${c.nodeId}:${c.port}`}>
                  {c.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              data-testid="image-viewer-use"
              onClick={() => void useAsLoadImage()}
            >
              Use as Load Image
            </button>
          </div>
          {entries.length > 1 ? (
            <div className="viewer-action-group">
              <label htmlFor="viewer-compare">Compare with</label>
              <select
                id="viewer-compare"
                data-testid="image-viewer-compare-with"
                value={otherIndex}
                onChange={(e) => setCompareWith(Number(e.target.value))}
              >
                {entries.map((e, i) =>
                  i === index ? null : (
                    <option key={`${i}-${e.image.hash}`} value={i}>
                      {label(e, i)}
                    </option>
                  ),
                )}
              </select>
              <button
                type="button"
                data-testid="image-viewer-compare"
                onClick={() => setComparing(otherIndex)}
              >
                Compare
              </button>
            </div>
          ) : null}
          {status ? (
            <p className="viewer-status" role="status" data-testid="image-viewer-status">
              {status}
            </p>
          ) : null}
        </aside>
        {comparing !== null && other ? (
          <CompareView
            a={{ image, label: label(entry, index) }}
            b={{ image: other.image, label: label(other, otherIndex) }}
            mode={compareMode}
            onMode={setCompareMode}
            onClose={() => setComparing(null)}
          />
        ) : null}
      </div>
    </Modal>
  );
}

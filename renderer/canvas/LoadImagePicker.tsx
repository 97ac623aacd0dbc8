import { memo, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ClipboardEvent, DragEvent } from 'react';
import type { ParamValue } from '../../shared/graph/document';
import { nodeId as toNodeId } from '../../shared/graph/ids';
import { imageSourceKind } from '../../shared/nodes/imageSource';
import type { WidgetSpec } from '../../shared/nodes/spec';
import { useApp } from '../host/appContext';
import { thumbSizeFor } from '../host/thumbSize';
import { useGraph, useGraphActions, useRun } from '../store/context';
import { widgetMessages } from '../widgets/messages';
import { CONTROL_CLASSES } from '../widgets/types';
import { WidgetField } from '../widgets/WidgetField';
import { INSPECT_DELAY_MS, embeddedLabel, firstImage, uploadImage } from './loadImageSource';
import type { Inspection } from './loadImageSource';
import { requestOpenImage } from './openImage';

const PADDING = 20;

/**
 * A file source checked with the host after the typing stops: size, stored copy or
 * problem. Checked again when the node's run state changes: a run may have been
 * allowed to read a file outside the folder, or the file may have appeared.
 */
function useInspection(
  nodeId: string,
  source: string,
  workflowPath: string | null,
): Inspection | null {
  const { host } = useApp();
  const [result, setResult] = useState<{ key: string; inspection: Inspection } | null>(null);
  const runState = useRun((s) => s.nodes[nodeId]?.state);
  // What the answer is about; a check again for the same source keeps showing the last.
  const key = `${workflowPath ?? ''}\n${source}`;
  const isFile = imageSourceKind(source) === 'file';
  useEffect(() => {
    if (!isFile) return;
    let live = true;
    const timer = setTimeout(() => {
      const where = workflowPath ? { workflowPath } : {};
      host.call('images.inspect', { ...where, source: source.trim() }).then(
        (inspection) => live && setResult({ key, inspection }),
        (e: unknown) =>
          live &&
          setResult({
            key,
            inspection: { ok: false, problem: 'unreadable', message: (e as Error).message },
          }),
      );
    }, INSPECT_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [host, key, isFile, source, workflowPath, runState]);
  return isFile && result?.key === key ? result.inspection : null;
}

/** The pixel size of an embedded image, decoded once per source. */
function useEmbeddedSize(source: string): { width: number; height: number } | null {
  const [size, setSize] = useState<{ source: string; width: number; height: number } | null>(null);
  const isData = imageSourceKind(source) === 'data';
  useEffect(() => {
    if (!isData) return;
    const img = new Image();
    let live = true;
    img.onload = () =>
      live && setSize({ source, width: img.naturalWidth, height: img.naturalHeight });
    img.src = source;
    return () => {
      live = false;
    };
  }, [isData, source]);
  return size?.source === source ? { width: size.width, height: size.height } : null;
}

/**
 * Load Image's source as a picker: Browse (the OS dialog on the desktop, an upload
 * into the workflow's `inputs/` folder on the web), drop or paste an image onto it,
 * or type a path or https URL. It shows the chosen image with its pixel size, and
 * says at once when the file is missing or no image (checked as you type, not only
 * at run time). An embedded image shows as "Embedded image (W×H)", never as its data.
 */
export const LoadImagePicker = memo(function LoadImagePicker({
  nodeId,
  widget,
  value,
  issue,
  nodeWidth,
}: {
  nodeId: string;
  widget: WidgetSpec;
  value: ParamValue | undefined;
  issue: string | undefined;
  nodeWidth: number;
}) {
  const { host, info } = useApp();
  const { dispatch } = useGraphActions();
  const workflowPath = useGraph((s) => s.filePath);
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const source = typeof value === 'string' ? value : '';
  const kind = imageSourceKind(source);
  const inspection = useInspection(nodeId, source, workflowPath);
  const embedded = useEmbeddedSize(source);
  const testId = `widget-${nodeId}-${widget.key}`;

  const setSource = useCallback(
    (next: string | undefined) =>
      dispatch({ type: 'setParam', nodeId: toNodeId(nodeId), key: widget.key, value: next }),
    [dispatch, nodeId, widget.key],
  );
  const take = async (file: File | null): Promise<void> => {
    if (!file) return setProblem('that is not a PNG, JPEG, WebP or GIF image');
    setBusy(true);
    setProblem(null);
    const out = await uploadImage(host, file, workflowPath);
    setBusy(false);
    if (out.ok) setSource(out.source);
    else setProblem(out.message);
  };
  const browse = async (): Promise<void> => {
    if (!info.nativeDialogs) return fileInput.current?.click();
    try {
      const chosen = await host.call('images.openDialog', workflowPath ? { workflowPath } : {});
      if (chosen) {
        setProblem(null);
        setSource(chosen.source);
      }
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const onDragOver = (e: DragEvent<HTMLDivElement>): void => {
    if (!e.dataTransfer.types.includes('Files')) return;
    // Ours, not the window's (which would add a new Load Image node).
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    setDragOver(true);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.stopPropagation();
    setDragOver(false);
    void take(firstImage(e.dataTransfer.files));
  };
  const onPaste = (e: ClipboardEvent<HTMLDivElement>): void => {
    const file = firstImage(e.clipboardData.files);
    // Text pastes into the path field as usual.
    if (!file) return;
    // Default prevented, not stopped: the window's paste handler sees it was taken.
    e.preventDefault();
    void take(file);
  };

  // A file outside the workflow's folder is not an error: opening or running the
  // workflow asks before reading it (imageSources.ts), so the node only says so.
  const outside = inspection && !inspection.ok && inspection.problem === 'outside';
  const missing = inspection && !inspection.ok && !outside ? inspection.message : null;
  const messages = [
    ...widgetMessages(widget, value, issue),
    ...(missing && !issue?.includes(missing) ? [missing] : []),
    ...(problem ? [problem] : []),
  ];
  const previewWidth = Math.max(60, nodeWidth - PADDING);
  const preview =
    kind === 'data'
      ? { src: source, size: embedded }
      : inspection?.ok
        ? {
            src: host.thumbUrl(inspection.hash, thumbSizeFor(previewWidth)),
            size: { width: inspection.width, height: inspection.height },
          }
        : null;

  return (
    <div
      className={`nl-picker${dragOver ? ' is-drop-target' : ''}`}
      data-testid={`picker-${nodeId}`}
      tabIndex={0}
      onDragOver={onDragOver}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
      onPaste={onPaste}
      aria-label="Load Image: drop, paste or browse an image"
    >
      <WidgetField
        widget={widget}
        controlId={id}
        messages={messages}
        showingDefault={false}
        testId={testId}
      >
        <div className="nl-picker__row">
          {kind === 'data' ? (
            <span className="nl-picker__embedded" data-testid={`${testId}-embedded`}>
              {embeddedLabel(embedded)}
            </span>
          ) : (
            <input
              id={id}
              className={`nl-widget__control ${CONTROL_CLASSES}`}
              data-testid={testId}
              type="text"
              value={source}
              placeholder="path, https:// URL, or drop / paste"
              spellCheck={false}
              aria-invalid={messages.length > 0 || undefined}
              onChange={(e) => setSource(e.target.value)}
            />
          )}
          {kind === 'data' ? (
            <button
              type="button"
              className="nl-picker__button nodrag"
              data-testid={`${testId}-clear`}
              onClick={() => setSource('')}
            >
              Clear
            </button>
          ) : null}
          <button
            type="button"
            className="nl-picker__button nodrag"
            data-testid={`${testId}-browse`}
            disabled={busy}
            onClick={() => void browse()}
          >
            {busy ? 'Adding…' : 'Browse…'}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            hidden
            data-testid={`${testId}-file`}
            onChange={(e) => {
              const file = e.target.files?.[0] ?? null;
              e.target.value = '';
              if (file) void take(file);
            }}
          />
        </div>
      </WidgetField>
      {preview ? (
        <figure className="nl-picker__preview" data-testid={`picker-preview-${nodeId}`}>
          <button
            type="button"
            className="nl-image nodrag"
            style={
              preview.size
                ? { aspectRatio: `${preview.size.width} / ${preview.size.height}` }
                : undefined
            }
            title="Click to open"
            onClick={(e) => {
              if (!inspection?.ok) return;
              const image = {
                hash: inspection.hash,
                mimeType: inspection.mimeType,
                width: inspection.width,
                height: inspection.height,
                bytes: inspection.bytes,
              };
              requestOpenImage(e.currentTarget, {
                hash: image.hash,
                image,
                nodeId,
                index: 0,
                images: [image],
              });
            }}
          >
            <img src={preview.src} alt="the chosen image" draggable={false} decoding="async" />
          </button>
          {preview.size ? (
            <figcaption data-testid={`picker-size-${nodeId}`}>
              {preview.size.width}×{preview.size.height}
            </figcaption>
          ) : null}
        </figure>
      ) : kind === 'empty' ? (
        <div className="nl-picker__hint">Drop an image here, paste one, or Browse</div>
      ) : outside ? (
        <div className="nl-picker__hint" data-testid={`picker-outside-${nodeId}`}>
          Outside the workflow’s folder: Nodeloom asks before reading it
        </div>
      ) : null}
    </div>
  );
});

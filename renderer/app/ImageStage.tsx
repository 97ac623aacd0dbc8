import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PointerEvent } from 'react';
import { clampPan, fitView, panBy, wheelFactor, zoomBy } from './imageViewerModel';
import type { Size, ViewState } from './imageViewerModel';

interface ImageStageProps {
  url: string;
  image: Size;
  alt: string;
  view: ViewState | null;
  onView(view: ViewState): void;
  /** Reports the stage's size whenever it changes (the viewer's keys need it). */
  onStageSize(size: Size): void;
}

/**
 * The full-size image on a checkerboard, scaled and moved by a transform (the
 * browser decodes it once; zooming repaints, it never reloads). The wheel zooms about
 * the pointer, dragging pans. Fit follows the stage as the window resizes.
 */
export function ImageStage({ url, image, alt, view, onView, onStageSize }: ImageStageProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState<Size>({ width: 0, height: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      const next = { width: el.clientWidth, height: el.clientHeight };
      setStage((s) => (s.width === next.width && s.height === next.height ? s : next));
    };
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    return () => observer?.disconnect();
  }, []);

  useEffect(() => {
    onStageSize(stage);
    // A fitted view follows the stage; any other stays where the user put it.
    if (!view || view.fitted) onView(fitView(image, stage));
    else onView(clampPan(view, image, stage));
    // Only when the stage or the image changes, not on every view change.
  }, [stage.width, stage.height, image.width, image.height]);

  // Not React's onWheel: that listener is passive, and the page must not scroll.
  useEffect(() => {
    const el = ref.current;
    if (!el || !view) return;
    const wheel = (e: WheelEvent): void => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const at = {
        x: e.clientX - rect.left - rect.width / 2,
        y: e.clientY - rect.top - rect.height / 2,
      };
      onView(zoomBy(view, wheelFactor(e.deltaY), image, stage, at));
    };
    el.addEventListener('wheel', wheel, { passive: false });
    return () => el.removeEventListener('wheel', wheel);
  }, [view, image, stage, onView]);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const from = drag.current;
    if (!from || !view) return;
    drag.current = { x: e.clientX, y: e.clientY };
    onView(panBy(view, e.clientX - from.x, e.clientY - from.y, image, stage));
  };
  const endDrag = (): void => {
    drag.current = null;
  };

  const zoom = view?.zoom ?? 1;
  return (
    <div
      ref={ref}
      className="viewer-stage"
      data-testid="image-viewer-stage"
      data-zoom={zoom.toFixed(4)}
      tabIndex={0}
      aria-label="Image: wheel or + and - zoom, drag pans"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
    >
      <img
        src={url}
        alt={alt}
        draggable={false}
        width={image.width}
        height={image.height}
        style={{
          visibility: view ? 'visible' : 'hidden',
          transform: `translate(-50%, -50%) translate(${view?.x ?? 0}px, ${view?.y ?? 0}px) scale(${zoom})`,
          // Pixels the user zoomed into show as pixels; a fitted small image stays smooth.
          imageRendering: zoom >= 4 && !view?.fitted ? 'pixelated' : 'auto',
        }}
      />
    </div>
  );
}

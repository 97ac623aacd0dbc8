import { memo } from 'react';
import type { OutputImage } from '../../shared/run/events';
import { useApp } from '../host/appContext';
import { thumbSizeFor } from '../host/thumbSize';
import { requestOpenImage } from './openImage';

/** Space between grid cells and around the grid (CSS px), as canvas.css draws it. */
const GAP = 6;
const PADDING = 10;

/** Columns for `count` images: one large image, then 2 and 3 across. */
export function gridColumns(count: number): number {
  return count <= 1 ? 1 : count <= 4 ? 2 : 3;
}

export interface ImageGridLayout {
  columns: number;
  /** How many images are drawn; the rest are counted in "+N". */
  shown: number;
  /** The width of one cell in CSS px at zoom 1 (what the thumbnail is asked for). */
  cellWidth: number;
  /** The cell's height when the node has a height the user chose; else from the image. */
  cellHeight: number | undefined;
}

/**
 * Where a node's images go: `max` at most, in a grid that fills the node's width
 * (and its height when the user sized it). Pure, so the sizes asked of the host are
 * the sizes drawn.
 */
export function imageGridLayout(
  count: number,
  max: number,
  nodeWidth: number,
  areaHeight?: number,
): ImageGridLayout {
  const shown = Math.min(count, max);
  const columns = gridColumns(shown);
  const inner = nodeWidth - 2 * PADDING;
  const cellWidth = Math.max(32, (inner - GAP * (columns - 1)) / columns);
  const rows = Math.max(1, Math.ceil(shown / columns));
  const cellHeight =
    areaHeight === undefined ? undefined : Math.max(32, (areaHeight - GAP * (rows - 1)) / rows);
  return { columns, shown, cellWidth, cellHeight };
}

/**
 * A node's latest output images, large and uncropped (object-fit: contain, each
 * cell at the image's aspect ratio), in a grid with a count. Each comes from the
 * host's thumbnail at the bucket that covers the size drawn (thumbSize.ts), never the
 * full image: 200 4K outputs on the canvas must stay cheap. A click opens the viewer
 * (openImage.ts) with all of the node's images for next/previous.
 */
export const NodeImages = memo(function NodeImages({
  nodeId,
  images,
  max,
  nodeWidth,
  areaHeight,
}: {
  nodeId: string;
  images: readonly OutputImage[];
  /** The most images drawn (a Preview shows more than a model node). */
  max: number;
  /** The node's width in CSS px at zoom 1. */
  nodeWidth: number;
  /** The image area's height when the user sized the node; undefined: natural height. */
  areaHeight?: number;
}) {
  const { host } = useApp();
  if (images.length === 0) return null;
  const layout = imageGridLayout(images.length, max, nodeWidth, areaHeight);
  const longest = Math.max(layout.cellWidth, layout.cellHeight ?? 0);
  const size = thumbSizeFor(longest);
  const more = images.length - layout.shown;
  const sized = areaHeight !== undefined;
  return (
    <div
      className={`nl-images${sized ? ' nl-images--sized' : ''}`}
      data-testid={`images-${nodeId}`}
    >
      {images.length > 1 ? (
        <div className="nl-images__count" data-testid={`images-count-${nodeId}`}>
          {images.length} images{more > 0 ? ` · ${layout.shown} shown` : ''}
        </div>
      ) : null}
      <div
        className="nl-images__grid"
        style={{ gridTemplateColumns: `repeat(${layout.columns}, minmax(0, 1fr))` }}
      >
        {images.slice(0, layout.shown).map((image, index) => (
          <button
            key={`${index}-${image.hash}`}
            type="button"
            className="nl-image nodrag"
            data-testid={`thumb-${nodeId}-${index}`}
            title={`${image.width}×${image.height}: click to open`}
            // Each cell keeps its image's shape unless the user gave the node a height.
            style={sized ? undefined : { aspectRatio: `${image.width} / ${image.height}` }}
            onClick={(e) =>
              requestOpenImage(e.currentTarget, { hash: image.hash, image, nodeId, index, images })
            }
          >
            <img
              src={host.thumbUrl(image.hash, size)}
              loading="lazy"
              decoding="async"
              alt={`output ${index + 1}, ${image.width}×${image.height}`}
              draggable={false}
            />
            {index === layout.shown - 1 && more > 0 ? (
              <span className="nl-images__more">+{more}</span>
            ) : null}
          </button>
        ))}
      </div>
    </div>
  );
});

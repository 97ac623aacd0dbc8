import { X } from 'lucide-react';
import { useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { useApp } from '../../host/appContext';
import type { ComparePick, CompareMode } from './historyUi';

export interface CompareViewProps {
  a: ComparePick;
  b: ComparePick;
  mode: CompareMode;
  onMode(mode: CompareMode): void;
  onClose(): void;
}

const clamp = (v: number): number => Math.min(100, Math.max(0, v));

/**
 * Two images over each other with a divider to drag (slider), or side by side
 * (split). In slider mode the first image shows left of the divider, the second right.
 */
export function CompareView({ a, b, mode, onMode, onClose }: CompareViewProps) {
  const { host } = useApp();
  const [position, setPosition] = useState(50);
  const stage = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const moveTo = (clientX: number): void => {
    const rect = stage.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setPosition(clamp(((clientX - rect.left) / rect.width) * 100));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    dragging.current = true;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    moveTo(e.clientX);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (dragging.current) moveTo(e.clientX);
  };
  const onPointerUp = (): void => {
    dragging.current = false;
  };
  const onSliderKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = e.shiftKey ? 10 : 2;
    if (e.key === 'ArrowLeft') setPosition((p) => clamp(p - step));
    else if (e.key === 'ArrowRight') setPosition((p) => clamp(p + step));
    else if (e.key === 'Home') setPosition(0);
    else if (e.key === 'End') setPosition(100);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="compare-backdrop" onClick={onClose}>
      <div
        className="compare-view"
        data-testid="compare-view"
        role="dialog"
        aria-label="Compare two images"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          onClose();
        }}
      >
        <header className="compare-header">
          <span className="compare-label">{a.label}</span>
          <span className="compare-vs">vs</span>
          <span className="compare-label">{b.label}</span>
          <div className="compare-modes" role="group" aria-label="Compare mode">
            <button
              type="button"
              data-testid="compare-mode-slider"
              aria-pressed={mode === 'slider'}
              onClick={() => onMode('slider')}
            >
              Slider
            </button>
            <button
              type="button"
              data-testid="compare-mode-split"
              aria-pressed={mode === 'split'}
              onClick={() => onMode('split')}
            >
              Split
            </button>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Close"
            data-testid="compare-close"
            onClick={onClose}
          >
            <X size={16} aria-hidden="true" />
          </button>
        </header>
        {mode === 'slider' ? (
          <div
            className="compare-stage"
            ref={stage}
            data-testid="compare-stage"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
          >
            <img className="compare-img" src={host.imageUrl(b.image.hash)} alt={b.label} />
            <img
              className="compare-img compare-top"
              data-testid="compare-top"
              src={host.imageUrl(a.image.hash)}
              alt={a.label}
              style={{ clipPath: `inset(0 ${100 - position}% 0 0)` }}
            />
            <div
              className="compare-divider"
              data-testid="compare-slider"
              role="slider"
              tabIndex={0}
              aria-label="Divider between the two images"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(position)}
              style={{ left: `${position}%` }}
              onKeyDown={onSliderKey}
            />
          </div>
        ) : (
          <div className="compare-split" data-testid="compare-split">
            {[a, b].map((p) => (
              <figure key={p.image.hash}>
                <img className="compare-img" src={host.imageUrl(p.image.hash)} alt={p.label} />
                <figcaption>
                  {p.label} · {p.image.width}×{p.image.height}
                </figcaption>
              </figure>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

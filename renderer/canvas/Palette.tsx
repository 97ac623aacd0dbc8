import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { NodeSpec } from '../../shared/nodes/spec';
import { useApp } from '../host/appContext';
import { compatiblePort, libraryOrder, providerName, searchText } from './compat';
import type { WireEnd } from './compat';
import { fuzzyFilter } from './fuzzy';

export interface PaletteProps {
  /** Top-left corner in pixels, relative to the canvas element. */
  position: { x: number; y: number };
  /** Opened from a dropped wire: only node types with a port that fits it. */
  wire?: WireEnd;
  onPick(spec: NodeSpec): void;
  onClose(): void;
}

const MAX_RESULTS = 50;

/**
 * The node search palette (double-click on the canvas, or a wire dropped on empty
 * space): fuzzy search over every node type; arrows move, Enter adds, Escape closes.
 */
export function Palette({ position, wire, onPick, onClose }: PaletteProps) {
  const { registry } = useApp();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const candidates = useMemo(() => {
    const all = libraryOrder(registry.all());
    return wire ? all.filter((spec) => compatiblePort(spec, wire)) : all;
  }, [registry, wire]);
  const results = useMemo(
    () => fuzzyFilter(candidates, query, searchText).slice(0, MAX_RESULTS),
    [candidates, query],
  );
  const current = Math.min(active, Math.max(results.length - 1, 0));

  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  useEffect(() => {
    list.current?.children[current]?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Keys typed here are the palette's, never the editor's shortcuts.
    e.stopPropagation();
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(results.length === 0 ? 0 : (current + 1) % results.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(results.length === 0 ? 0 : (current - 1 + results.length) % results.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const spec = results[current];
      if (spec) onPick(spec);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <div
      ref={root}
      className="nl-palette nodrag nowheel nopan"
      style={{ left: position.x, top: position.y }}
      data-testid="palette"
      role="dialog"
      aria-label="Add node"
    >
      <input
        className="nl-palette__input"
        data-testid="palette-input"
        autoFocus
        placeholder={wire ? `Nodes that take ${wire.portType}…` : 'Search nodes…'}
        value={query}
        role="combobox"
        aria-expanded="true"
        aria-controls="nl-palette-results"
        aria-activedescendant={results[current] ? `nl-palette-${current}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul ref={list} className="nl-palette__results" id="nl-palette-results" role="listbox">
        {results.map((spec, i) => (
          <li
            key={spec.type}
            id={`nl-palette-${i}`}
            role="option"
            aria-selected={i === current}
            className={`nl-palette__item${i === current ? ' is-active' : ''}`}
            data-testid={`palette-item-${spec.type}`}
            onPointerEnter={() => setActive(i)}
            onClick={() => onPick(spec)}
          >
            <span className="nl-palette__title">{spec.title}</span>
            <span className="nl-palette__meta">
              {spec.category} · {providerName(spec)}
            </span>
          </li>
        ))}
        {results.length === 0 ? <li className="nl-palette__empty">No matching nodes</li> : null}
      </ul>
    </div>
  );
}

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode, RefObject } from 'react';
import type { ClientPoint } from './canvasCommands';
import type { MenuEntry } from './contextMenus';

interface ContextMenuProps {
  /** Where it opens (client pixels); it is kept inside the window. */
  at: ClientPoint;
  entries: readonly MenuEntry[];
  /** Names the menu for assistive technology ("Node", "Canvas"). */
  label: string;
  onClose(): void;
}

/**
 * The one context menu: a list of commands (from the command table), keyboard
 * navigable (arrows, Home/End, Enter, Right/Left for a submenu), closed by Escape,
 * a click elsewhere, or choosing an item.
 */
export function ContextMenu({ at, entries, label, onClose }: ContextMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const pos = useClamped(ref, at);

  // A press anywhere outside closes it; so do a resize and the window losing focus.
  useEffect(() => {
    const away = (e: PointerEvent): void => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const close = (): void => onClose();
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('resize', close);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('resize', close);
      window.removeEventListener('blur', close);
    };
  }, [onClose]);

  // Focus returns to where it was (the canvas) when the menu closes.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    return () => before?.focus?.();
  }, []);

  return (
    <div
      ref={ref}
      className="nl-menu-layer"
      style={{ left: pos.x, top: pos.y }}
      onContextMenu={(e) => e.preventDefault()}
    >
      <MenuList entries={entries} label={label} onClose={onClose} autoFocus />
    </div>
  );
}

/** Keeps a menu inside the window once its size is known. */
function useClamped(ref: RefObject<HTMLElement | null>, at: ClientPoint): ClientPoint {
  const [pos, setPos] = useState(at);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const x = Math.max(4, Math.min(at.x, window.innerWidth - width - 4));
    const y = Math.max(4, Math.min(at.y, window.innerHeight - height - 4));
    setPos((p) => (p.x === x && p.y === y ? p : { x, y }));
  }, [ref, at]);
  return pos;
}

function MenuList({
  entries,
  label,
  onClose,
  onBack,
  autoFocus,
}: {
  entries: readonly MenuEntry[];
  label: string;
  onClose(): void;
  /** A submenu: Left (or Escape) goes back to the parent item. */
  onBack?(): void;
  autoFocus?: boolean;
}) {
  const list = useRef<HTMLUListElement>(null);
  const [openSub, setOpenSub] = useState<string | null>(null);

  const items = (): HTMLElement[] => [
    ...(list.current?.querySelectorAll<HTMLElement>(':scope > li > [role="menuitem"]') ?? []),
  ];
  const focusAt = (i: number): void => {
    const all = items();
    if (all.length === 0) return;
    all[(i + all.length) % all.length]!.focus();
  };

  useEffect(() => {
    if (autoFocus) focusAt(0);
  }, [autoFocus]);

  const choose = (entry: MenuEntry): void => {
    if (entry.disabled) return;
    if (entry.submenu) {
      setOpenSub(entry.key);
      return;
    }
    onClose();
    entry.run?.();
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLUListElement>): void => {
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLElement);
    const entry = i >= 0 ? entries[i] : undefined;
    let handled = true;
    if (e.key === 'ArrowDown') focusAt(i + 1);
    else if (e.key === 'ArrowUp') focusAt(i - 1);
    else if (e.key === 'Home') focusAt(0);
    else if (e.key === 'End') focusAt(all.length - 1);
    else if ((e.key === 'ArrowRight' || e.key === 'Enter' || e.key === ' ') && entry?.submenu)
      setOpenSub(entry.key);
    else if ((e.key === 'Enter' || e.key === ' ') && entry) choose(entry);
    else if (e.key === 'ArrowLeft' && onBack) onBack();
    else if (e.key === 'Escape') (onBack ?? onClose)();
    else if (e.key === 'Tab') onClose();
    else handled = false;
    // The menu owns these keys: no canvas shortcut (Delete, Escape) sees them.
    e.stopPropagation();
    if (handled) e.preventDefault();
  };

  return (
    <ul ref={list} role="menu" aria-label={label} className="nl-menu" onKeyDown={onKeyDown}>
      {entries.map((entry) => (
        <li
          key={entry.key}
          role="none"
          className={entry.separatorBefore ? 'nl-menu__group' : undefined}
          onPointerEnter={() => setOpenSub(entry.submenu ? entry.key : null)}
        >
          <button
            type="button"
            role="menuitem"
            className="nl-menu__item"
            data-testid={`menu-${entry.key}`}
            aria-disabled={entry.disabled || undefined}
            aria-haspopup={entry.submenu ? 'menu' : undefined}
            aria-expanded={entry.submenu ? openSub === entry.key : undefined}
            tabIndex={-1}
            onClick={() => choose(entry)}
          >
            {entry.swatch !== undefined ? (
              <span className="nl-menu__swatch" style={{ background: entry.swatch }} aria-hidden />
            ) : null}
            <span className="nl-menu__label">{entry.label}</span>
            {entry.shortcut ? <kbd className="nl-menu__keys">{entry.shortcut}</kbd> : null}
            {entry.submenu ? (
              <span className="nl-menu__more" aria-hidden>
                ›
              </span>
            ) : null}
          </button>
          {entry.submenu && openSub === entry.key ? (
            <SubMenu>
              <MenuList
                entries={entry.submenu}
                label={entry.label}
                onClose={onClose}
                autoFocus
                onBack={() => {
                  setOpenSub(null);
                  focusAt(entries.indexOf(entry));
                }}
              />
            </SubMenu>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A submenu beside its item, moved up or to the other side when the window ends first. */
function SubMenu({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [shift, setShift] = useState<{ up: number; flip: boolean }>({ up: 0, flip: false });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const up = Math.max(0, r.bottom - (window.innerHeight - 4));
    const flip = r.right > window.innerWidth - 4;
    setShift((s) => (s.up === up && s.flip === flip ? s : { up, flip }));
  }, []);
  return (
    <div
      ref={ref}
      className={`nl-menu-sub${shift.flip ? ' nl-menu-sub--left' : ''}`}
      style={shift.up ? { transform: `translateY(-${shift.up}px)` } : undefined}
    >
      {children}
    </div>
  );
}

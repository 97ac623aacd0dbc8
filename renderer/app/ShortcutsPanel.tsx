import { useMemo, useState } from 'react';
import { COMMANDS, formatKeys } from '../../shared/commands/commandTable';
import type { CommandCategory, CommandSpec } from '../../shared/commands/commandTable';
import { Modal } from './Modal';
import { isMac } from './shortcuts';

const ORDER: readonly CommandCategory[] = ['File', 'Edit', 'View', 'Run', 'Node', 'Tabs', 'Help'];

/** Extra ways in that are not commands of their own (pointer gestures). */
const GESTURES: ReadonlyArray<{ label: string; keys: string; category: CommandCategory }> = [
  { label: 'Pan the canvas', keys: 'Space+drag', category: 'View' },
  { label: 'Add node here (search)', keys: 'Double-click', category: 'View' },
  { label: 'Context menu', keys: 'Right-click', category: 'View' },
];

interface Row {
  id: string;
  label: string;
  category: CommandCategory;
  keys: string[];
  /** A command (not a gesture) that makes sense to start from this panel. */
  runnable: boolean;
}

/** Commands about the panel itself, or the tab set's (which has its own keys). */
const NOT_FROM_PANEL = new Set(['help.shortcuts', 'dialog.close']);

/** The rows to show for a search: every word must appear in the label, keys or category. */
export function shortcutRows(query: string, mac: boolean, has: (id: string) => boolean): Row[] {
  const rows: Row[] = [
    ...(COMMANDS as readonly CommandSpec[])
      .filter((c) => !c.internal && has(c.id))
      .map((c) => ({
        id: c.id,
        label: c.label,
        category: c.category,
        keys: (c.keys ?? []).map((k) => formatKeys(k, mac)),
        runnable: !c.tabs && !NOT_FROM_PANEL.has(c.id),
      })),
    ...GESTURES.map((g) => ({
      id: g.label,
      label: g.label,
      category: g.category,
      keys: [g.keys],
      runnable: false,
    })),
  ];
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    const text = `${r.label} ${r.keys.join(' ')} ${r.category}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * The Keyboard Shortcuts panel (`?`, Ctrl+/): every command of the one command
 * table with its keys, grouped by category, searchable.
 */
export function ShortcutsPanel({
  onClose,
  has,
  run,
}: {
  onClose(): void;
  /** Whether a command is available here (one with no handler yet is not listed). */
  has(id: string): boolean;
  /** Runs a command from its row, when it can run from here (null: only listed). */
  run?: ((id: string) => void) | null;
}) {
  const [query, setQuery] = useState('');
  const mac = isMac();
  const rows = useMemo(() => shortcutRows(query, mac, has), [query, mac, has]);
  return (
    <Modal
      title="Keyboard Shortcuts"
      testId="shortcuts-panel"
      onClose={onClose}
      className="nl-shortcuts"
      initialFocus="input"
    >
      <input
        type="search"
        className="nl-shortcuts__search"
        placeholder="Search commands and keys"
        aria-label="Search commands and keys"
        data-testid="shortcuts-search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="nl-shortcuts__groups">
        {ORDER.map((category) => {
          const inGroup = rows.filter((r) => r.category === category);
          if (inGroup.length === 0) return null;
          return (
            <section key={category} aria-label={category}>
              <h3>{category}</h3>
              <dl>
                {inGroup.map((r) => (
                  <div key={r.id} className="nl-shortcuts__row" data-testid={`shortcut-${r.id}`}>
                    <dt>
                      {run && r.runnable ? (
                        <button
                          type="button"
                          className="nl-shortcuts__run"
                          title="Run it now"
                          onClick={() => run(r.id)}
                        >
                          {r.label}
                        </button>
                      ) : (
                        r.label
                      )}
                    </dt>
                    <dd>
                      {r.keys.length === 0 ? (
                        <span className="nl-shortcuts__none">no key</span>
                      ) : (
                        r.keys.map((k) => <kbd key={k}>{k}</kbd>)
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
        {rows.length === 0 ? <p className="nl-hint">No command matches “{query}”.</p> : null}
      </div>
    </Modal>
  );
}

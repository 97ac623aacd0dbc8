import { useMemo, useState } from 'react';
import type { NodeCategory, NodeSpec } from '../../shared/nodes/spec';
import { useApp } from '../host/appContext';
import { useRegistryVersion } from '../host/registryVersion';
import { useGraph } from '../store/context';
import { ComponentLibrary } from './ComponentLibrary';
import { NODE_TYPE_MIME, useCanvasApi } from './canvasApi';
import { libraryOrder, providerName, searchText } from './compat';
import { fuzzyFilter } from './fuzzy';

/**
 * The side panel of node types by category. Click adds the node at the centre of
 * the view; drag it onto the canvas to place it. Must be inside <CanvasProvider>
 * with the Canvas.
 */
export interface LibrarySnippet {
  id: string;
  name: string;
  /** How many nodes it holds. */
  size: number;
}

export function NodeLibrary({
  className,
  onAddModel,
  snippets = [],
  onInsertSnippet,
  onRemoveSnippet,
}: {
  className?: string;
  /** Shows the "Add model…" button, which calls this. */
  onAddModel?: () => void;
  /** Saved selections (Edit > Save Selection as Snippet); a click inserts one at the cursor. */
  snippets?: readonly LibrarySnippet[];
  onInsertSnippet?(id: string): void;
  onRemoveSnippet?(id: string): void;
}) {
  const { registry } = useApp();
  const version = useRegistryVersion(registry);
  // The workflow's own components are node types too (the registry reads them).
  const components = useGraph((s) => s.doc.components);
  const canvas = useCanvasApi();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const shown = fuzzyFilter(libraryOrder(registry.all()), query, searchText);
    const byCategory = new Map<NodeCategory, NodeSpec[]>();
    for (const spec of libraryOrder(shown)) {
      const list = byCategory.get(spec.category) ?? [];
      list.push(spec);
      byCategory.set(spec.category, list);
    }
    return [...byCategory];
    // `version` changes when the registry's models do.
  }, [registry, query, version, components]);

  return (
    <aside className={`nl-library${className ? ` ${className}` : ''}`} data-testid="node-library">
      <input
        className="nl-library__filter"
        placeholder="Filter nodes…"
        value={query}
        aria-label="Filter nodes"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.stopPropagation()}
      />
      {groups.map(([category, specs]) => (
        <section key={category} className="nl-library__group">
          <h3 className="nl-library__heading">{category}</h3>
          <ul className="nl-library__list">
            {specs.map((spec) => (
              <li key={spec.type}>
                <button
                  type="button"
                  className="nl-library__item"
                  data-testid={`library-item-${spec.type}`}
                  title={spec.description}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(NODE_TYPE_MIME, spec.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => canvas.addNode(spec.type)}
                >
                  <span className="nl-library__title">{spec.title}</span>
                  {spec.model?.origin === 'user' ? (
                    <span
                      className="nl-library__mine"
                      title="From your models folder"
                      data-testid={`library-mine-${spec.type}`}
                    >
                      yours
                    </span>
                  ) : null}
                  <span className="nl-library__provider">{providerName(spec)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <ComponentLibrary query={query} />
      {groups.length === 0 ? <p className="nl-library__empty">No matching nodes</p> : null}
      {onInsertSnippet ? (
        <SnippetList
          snippets={snippets.filter((s) => s.name.toLowerCase().includes(query.toLowerCase()))}
          onInsert={onInsertSnippet}
          {...(onRemoveSnippet ? { onRemove: onRemoveSnippet } : {})}
        />
      ) : null}
      {onAddModel ? (
        <button
          type="button"
          className="nl-library__add"
          data-testid="library-add-model"
          title="Add a RunComfy, Runflow or Google model from its API page"
          onClick={onAddModel}
        >
          Add model…
        </button>
      ) : null}
    </aside>
  );
}

function SnippetList({
  snippets,
  onInsert,
  onRemove,
}: {
  snippets: readonly LibrarySnippet[];
  onInsert(id: string): void;
  onRemove?(id: string): void;
}) {
  return (
    <section className="nl-library__group" data-testid="library-snippets">
      <h3 className="nl-library__heading">Snippets</h3>
      {snippets.length === 0 ? (
        <p className="nl-library__empty">
          Select nodes, right-click the canvas and choose Save Selection as Snippet.
        </p>
      ) : (
        <ul className="nl-library__list">
          {snippets.map((s) => (
            <li key={s.id} className="nl-library__snippet">
              <button
                type="button"
                className="nl-library__item"
                data-testid={`snippet-${s.id}`}
                title="Insert at the cursor"
                onClick={() => onInsert(s.id)}
              >
                <span className="nl-library__title">{s.name}</span>
                <span className="nl-library__provider">
                  {s.size} node{s.size === 1 ? '' : 's'}
                </span>
              </button>
              {onRemove ? (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove snippet ${s.name}`}
                  onClick={() => onRemove(s.id)}
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

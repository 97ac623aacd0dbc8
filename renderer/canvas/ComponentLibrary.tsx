import { useCallback, useEffect, useState } from 'react';
import type { CallOutput } from '../host/hostTypes';
import { useApp } from '../host/appContext';
import { useGraphActions } from '../store/context';
import { useCanvasApi } from './canvasApi';

/** Fired on the window when the components library folder changed (an export). */
export const LIBRARY_CHANGED_EVENT = 'nodeloom:components-library-changed';

type Listing = CallOutput<'components.list'>;

/**
 * The components library (`<data folder>/components/`) in the node library: a click
 * adds the component, with the components it holds, to this workflow at the centre
 * of the view.
 */
export function ComponentLibrary({ query }: { query: string }) {
  const { host } = useApp();
  const canvas = useCanvasApi();
  const { insertComponent } = useGraphActions();
  const [listing, setListing] = useState<Listing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(() => {
    host.call('components.list', {}).then(
      (l) => setListing(l),
      (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)),
    );
  }, [host]);
  useEffect(() => {
    load();
    window.addEventListener(LIBRARY_CHANGED_EVENT, load);
    return () => window.removeEventListener(LIBRARY_CHANGED_EVENT, load);
  }, [load]);

  const add = async (id: string) => {
    try {
      const read = await host.call('components.read', { id });
      insertComponent(read.components, read.id, canvas.centre());
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const words = query.trim().toLowerCase();
  const shown = (listing?.components ?? []).filter(
    (c) => !words || c.name.toLowerCase().includes(words),
  );
  const errors = [...(listing?.errors ?? []), ...(problem ? [problem] : [])];
  if (shown.length === 0 && errors.length === 0) return null;
  return (
    <section className="nl-library__group" data-testid="component-library">
      <h3 className="nl-library__heading">Component library</h3>
      <ul className="nl-library__list">
        {shown.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="nl-library__item"
              data-testid={`library-component-${c.id}`}
              title={`${c.nodes} nodes · ${c.inputs} inputs · ${c.outputs} outputs`}
              onClick={() => void add(c.id)}
            >
              <span className="nl-library__title">{c.name}</span>
              <span className="nl-library__provider">{c.nodes} nodes</span>
            </button>
          </li>
        ))}
      </ul>
      {errors.map((e) => (
        <p key={e} className="nl-library__empty" role="note">
          {e}
        </p>
      ))}
    </section>
  );
}

import { shallow } from 'zustand/shallow';
import { componentIdOf } from '../../shared/graph/components';
import { useGraph, useGraphActions } from '../store/context';
import '../styles/components.css';

/** On an instance: how much it holds, and the ways in (Open) and apart (Unpack). */
export function ComponentActions({ nodeId, type }: { nodeId: string; type: string }) {
  const { openComponent, unpackComponent } = useGraphActions();
  const id = componentIdOf(type);
  const count = useGraph((s) => (id !== undefined ? s.doc.components?.[id]?.nodes.length : 0));
  return (
    <>
      <div className="nl-component__count">
        {count ?? 0} node{count === 1 ? '' : 's'} inside
      </div>
      <div className="nl-component__actions nodrag">
        <button
          type="button"
          data-testid={`open-component-${nodeId}`}
          title="Edit the nodes inside (or double-click the node)"
          onClick={() => openComponent(nodeId)}
        >
          Open
        </button>
        <button
          type="button"
          data-testid={`unpack-component-${nodeId}`}
          title="Put the nodes inside back on the canvas in its place"
          onClick={() => unpackComponent(nodeId)}
        >
          Unpack
        </button>
      </div>
    </>
  );
}

/** Where the canvas is: Workflow › Component › …; each earlier level is a way back. */
export function ComponentBreadcrumb({ onExit }: { onExit?: () => void }) {
  const names = useGraph((s) => s.frames.map((f) => f.name), shallow);
  const { exitComponent } = useGraphActions();
  if (names.length === 0) return null;
  const back = (level: number) => {
    exitComponent(level);
    onExit?.();
  };
  return (
    <nav className="nl-breadcrumb" aria-label="Component levels" data-testid="component-breadcrumb">
      <button type="button" onClick={() => back(0)} data-testid="breadcrumb-workflow">
        Workflow
      </button>
      {names.map((name, i) => (
        <span key={i} style={{ display: 'contents' }}>
          <span className="nl-breadcrumb__sep" aria-hidden="true">
            ›
          </span>
          {i === names.length - 1 ? (
            <span aria-current="page">{name}</span>
          ) : (
            <button type="button" onClick={() => back(i + 1)}>
              {name}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}

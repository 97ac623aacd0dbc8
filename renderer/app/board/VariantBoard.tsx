import { useEffect, useMemo, useState } from 'react';
import { nodeName } from '../../../shared/nodes/nodeName';
import { useApp } from '../../host/appContext';
import { thumbSizeFor } from '../../host/thumbSize';
import { useGraph, useRun, useRunActions } from '../../store/context';
import { CompareView } from '../history/CompareView';
import type { CompareMode } from '../history/historyUi';
import { addAsLoadImage } from '../imageViewerActions';
import { Modal } from '../Modal';
import { useStudio } from '../studioContext';
import { buildBoards } from './boardModel';
import type { BoardCell } from './boardModel';
import './board.css';

const TILE_PX = 200;

/**
 * The variant board: the outputs of a run with variants or combinations as a grid,
 * rows by combination (alternatives, swept values), variants along a row, each image
 * labelled with what differs. Pick images to mark favourites (the history's), compare
 * two (the history's compare), send one to a Load Image node, or export the picks.
 */
export function VariantBoard() {
  const open = useRun((s) => s.boardOpen);
  return open ? <BoardDialog /> : null;
}

function BoardDialog() {
  const { host, registry } = useApp();
  const studio = useStudio();
  const { setBoardOpen } = useRunActions();
  const runNodeIds = useRun((s) => s.runNodeIds);
  const labels = useRun((s) => s.labels);
  const views = useRun((s) => s.nodes);
  const runId = useRun((s) => s.labelsRunId);
  const doc = useGraph((s) => s.doc);
  const boards = useMemo(
    () =>
      buildBoards(runNodeIds, labels, views, (id) => {
        const node = doc.nodes.find((n) => n.id === id);
        return Boolean(node && registry.get(node.type)?.model);
      }),
    [runNodeIds, labels, views, doc, registry],
  );
  const [shown, setShown] = useState(0);
  const [picked, setPicked] = useState<BoardCell[]>([]);
  const [favourites, setFavourites] = useState<ReadonlySet<string>>(new Set());
  // The stars show the history's favourites: an image starred before (here or in the
  // history) is lit when the board opens. The board's images are the newest run's, so
  // the newest favourites include them.
  useEffect(() => {
    let live = true;
    host
      .call('history.gallery', { favourite: true, limit: 1000 })
      .then(({ images }) => {
        if (live) setFavourites((mine) => new Set([...images.map((i) => i.hash), ...mine]));
      })
      .catch(() => undefined); // no history to read: the stars start unlit
    return () => {
      live = false;
    };
  }, [host]);
  const [comparing, setComparing] = useState(false);
  const [mode, setMode] = useState<CompareMode>('slider');
  const [status, setStatus] = useState('');
  const board = boards[Math.min(shown, boards.length - 1)];
  const name = (id: string): string =>
    nodeName(
      doc.nodes.find((n) => n.id === id),
      registry,
    );
  const close = (): void => setBoardOpen(false);

  const isPicked = (cell: BoardCell): boolean =>
    picked.some((p) => p.instanceId === cell.instanceId);
  const togglePick = (cell: BoardCell): void =>
    setPicked((list) =>
      isPicked(cell) ? list.filter((p) => p.instanceId !== cell.instanceId) : [...list, cell],
    );
  const toggleFavourite = async (cell: BoardCell): Promise<void> => {
    const on = !favourites.has(cell.image.hash);
    try {
      await host.call('history.favourite', { hash: cell.image.hash, favourite: on });
      const next = new Set(favourites);
      if (on) next.add(cell.image.hash);
      else next.delete(cell.image.hash);
      setFavourites(next);
    } catch (e) {
      setStatus(`Not marked: ${(e as Error).message}`);
    }
  };
  const sendToLoadImage = async (cell: BoardCell): Promise<void> => {
    try {
      const fileName = `${board?.nodeId ?? 'take'}_${cell.label}`.replace(/[^\w.-]+/g, '_');
      await addAsLoadImage(
        { host, graph: studio.graph },
        cell.image,
        null,
        { x: 0, y: 0 },
        fileName,
      );
      setStatus(`Added a Load Image with ${cell.label}.`);
    } catch (e) {
      setStatus(`Not added: ${(e as Error).message}`);
    }
  };
  const exportPicked = async (): Promise<void> => {
    if (!runId) return;
    try {
      const { files } = await host.call('history.export', {
        runId,
        images: picked.map((p) => ({ nodeId: p.instanceId, hash: p.image.hash })),
      });
      const folder = files[0]?.replace(/[\\/][^\\/]*$/, '');
      setStatus(
        `Exported ${files.length} image${files.length === 1 ? '' : 's'}${folder ? ` to ${folder}` : ''}`,
      );
    } catch (e) {
      setStatus(`Could not export: ${(e as Error).message}`);
    }
  };

  const footer = (
    <div className="board-actions">
      <span className="board-status" data-testid="board-status" role="status">
        {status || `${picked.length} picked`}
      </span>
      <button
        type="button"
        data-testid="board-compare"
        disabled={picked.length !== 2}
        title="Pick two images to compare them"
        onClick={() => setComparing(true)}
      >
        Compare
      </button>
      <button
        type="button"
        data-testid="board-load-image"
        disabled={picked.length !== 1}
        title="Pick one image to add it as a Load Image node"
        onClick={() => void sendToLoadImage(picked[0]!)}
      >
        Send to Load Image
      </button>
      <button
        type="button"
        data-testid="board-export"
        disabled={picked.length === 0 || !runId}
        title="Write the picked images as PNGs (with their workflow) into the outputs folder"
        onClick={() => void exportPicked()}
      >
        Export picked
      </button>
      <button type="button" onClick={close}>
        Close
      </button>
    </div>
  );

  return (
    <Modal
      title="Variant board"
      testId="variant-board"
      onClose={close}
      footer={footer}
      className="board-dialog"
    >
      {boards.length > 1 && (
        <div className="board-tabs" role="tablist">
          {boards.map((b, i) => (
            <button
              key={b.nodeId}
              type="button"
              role="tab"
              aria-selected={b === board}
              onClick={() => setShown(i)}
            >
              {name(b.nodeId)}
            </button>
          ))}
        </div>
      )}
      {!board ? (
        <p className="history-empty">The images appear here as the run makes them.</p>
      ) : (
        <table className="board-grid" data-testid="board-grid">
          <thead>
            <tr>
              <th scope="col">{name(board.nodeId)}</th>
              {board.columns.map((c) => (
                <th key={c} scope="col" data-testid="board-column-title">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {board.rows.map((row, r) => (
              <tr key={r}>
                <th scope="row" className="board-row-title" data-testid="board-row-title">
                  {row.title || '—'}
                </th>
                {row.cells.map((cell, c) => (
                  <td key={c}>
                    {cell ? (
                      <figure
                        className={`board-cell${isPicked(cell) ? ' is-picked' : ''}`}
                        data-testid="board-cell"
                      >
                        <button
                          type="button"
                          className="board-image"
                          aria-pressed={isPicked(cell)}
                          aria-label={`Pick ${cell.label}`}
                          title={`Pick ${cell.label}`}
                          onClick={() => togglePick(cell)}
                        >
                          <img
                            src={host.thumbUrl(cell.image.hash, thumbSizeFor(TILE_PX))}
                            alt={cell.label}
                            width={TILE_PX}
                          />
                        </button>
                        <figcaption data-testid="board-label">
                          <span>{cell.label}</span>
                          <button
                            type="button"
                            className={`board-star${favourites.has(cell.image.hash) ? ' is-on' : ''}`}
                            aria-label={`Favourite ${cell.label}`}
                            aria-pressed={favourites.has(cell.image.hash)}
                            onClick={() => void toggleFavourite(cell)}
                          >
                            ★
                          </button>
                        </figcaption>
                      </figure>
                    ) : (
                      <span className="board-pending">…</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {comparing && picked.length === 2 && (
        <CompareView
          a={{ image: picked[0]!.image, label: picked[0]!.label }}
          b={{ image: picked[1]!.image, label: picked[1]!.label }}
          mode={mode}
          onMode={setMode}
          onClose={() => setComparing(false)}
        />
      )}
    </Modal>
  );
}

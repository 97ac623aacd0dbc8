import { thumbSizeFor } from '../../host/thumbSize';
import { useApp } from '../../host/appContext';
import { runTime } from '../../../shared/run/runTime';
import { countText } from './format';
import { useHistoryUi } from './historyUi';
import { usePagedHistory } from './usePagedHistory';

/** The gallery's tiles, in CSS px (see history.css). */
const TILE_PX = 96;

/**
 * Every image across the runs the filters select, newest first: star a favourite,
 * pick two to compare, or open the run an image came from.
 */
export function HistoryGallery() {
  const { host } = useApp();
  const filter = useHistoryUi((s) => s.filter);
  const picks = useHistoryUi((s) => s.picks);
  const { select, setView, togglePick } = useHistoryUi((s) => s);
  const { items, setItems, total, capped, error, more } = usePagedHistory(
    'history.gallery',
    filter,
  );

  const favourite = async (hash: string, on: boolean): Promise<void> => {
    await host.call('history.favourite', { hash, favourite: on });
    setItems((list) => list?.map((i) => (i.hash === hash ? { ...i, favourite: on } : i)) ?? null);
  };

  if (error) return <p className="history-error">Could not read the gallery: {error}</p>;
  if (!items) return null;
  if (items.length === 0)
    return (
      <p className="history-empty" data-testid="history-gallery-empty">
        No images match.
      </p>
    );
  return (
    <>
      <p className="history-count" data-testid="history-count">
        {countText(total, capped, 'image', 'images')}
      </p>
      <ul className="history-gallery" data-testid="history-gallery">
        {items.map((image) => {
          const picked = picks.some((p) => p.image.hash === image.hash);
          const label = `Image from the run of ${runTime(image.startedAt)}`;
          return (
            <li key={`${image.runId}/${image.nodeId}/${image.position}`} className="history-tile">
              <button
                type="button"
                className="history-tile-open"
                data-testid="history-gallery-image"
                title={`${label}: open the run`}
                onClick={() => {
                  select(image.runId);
                  setView('runs');
                }}
              >
                <img
                  src={host.thumbUrl(image.hash, thumbSizeFor(TILE_PX))}
                  alt={label}
                  loading="lazy"
                  decoding="async"
                  width={TILE_PX}
                  height={TILE_PX}
                />
              </button>
              <button
                type="button"
                className={`history-star${image.favourite ? ' is-on' : ''}`}
                data-testid="history-favourite"
                aria-pressed={image.favourite}
                aria-label={image.favourite ? 'Remove from favourites' : 'Add to favourites'}
                title={image.favourite ? 'Favourite' : 'Mark as favourite'}
                onClick={() => void favourite(image.hash, !image.favourite)}
              >
                {image.favourite ? '★' : '☆'}
              </button>
              <button
                type="button"
                className="history-tile-pick"
                aria-pressed={picked}
                aria-label="Pick to compare"
                title="Pick to compare"
                onClick={() =>
                  togglePick({
                    image,
                    label: `Run of ${runTime(image.startedAt)} · image ${image.position + 1}`,
                  })
                }
              >
                ⇆
              </button>
            </li>
          );
        })}
      </ul>
      {items.length < total && (
        <button type="button" className="history-more-button" onClick={more}>
          Show more ({countText(total - items.length, capped, 'left', 'left')})
        </button>
      )}
    </>
  );
}

import { useStudio, useUi } from './studioContext';

/** Dismissible messages under the toolbar: errors, warnings, offers ("Reopen ..."). */
export function Notices() {
  const { ui } = useStudio();
  const notices = useUi((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice ${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid={`notice-${n.kind}`}
        >
          <div className="notice-text">
            <p>{n.text}</p>
            {n.details && n.details.length > 0 && (
              <ul className="notice-details">
                {n.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </div>
          {n.action && (
            <button
              type="button"
              data-testid="notice-action"
              onClick={() => {
                ui.getState().dismiss(n.id);
                n.action?.run();
              }}
            >
              {n.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            data-testid="notice-dismiss"
            onClick={() => ui.getState().dismiss(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

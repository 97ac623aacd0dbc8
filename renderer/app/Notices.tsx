import { useEffect, useState } from 'react';
import { CircleAlert, Info, TriangleAlert, X } from 'lucide-react';
import { useStudio, useUi } from './studioContext';
import type { Notice } from './uiStore';
import { toastLifetime, windowTimer } from './toastTiming';
import type { ToastTimer } from './toastTiming';

const ICONS = { error: CircleAlert, warning: TriangleAlert, info: Info } as const;

/** One toast: expires on its own (see toastTiming.ts) unless hovered or focused. */
function Toast({ notice, timer }: { notice: Notice; timer: ToastTimer }) {
  const { ui } = useStudio();
  const [held, setHeld] = useState(false);
  const lifetime = toastLifetime(notice);
  useEffect(() => {
    if (lifetime === null || held) return;
    const handle = timer.setTimeout(() => ui.getState().dismiss(notice.id), lifetime);
    return () => timer.clearTimeout(handle);
  }, [lifetime, held, timer, ui, notice.id]);
  const Icon = ICONS[notice.kind];
  return (
    <div
      className={`notice toast ${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid={`notice-${notice.kind}`}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <Icon className="toast__icon" size={18} aria-hidden="true" />
      <div className="notice-text">
        <p>{notice.text}</p>
        {notice.details && notice.details.length > 0 && (
          <ul className="notice-details">
            {notice.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        )}
        {notice.action && (
          <button
            type="button"
            className="toast__action"
            data-testid="notice-action"
            onClick={() => {
              ui.getState().dismiss(notice.id);
              notice.action?.run();
            }}
          >
            {notice.action.label}
          </button>
        )}
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        title="Dismiss"
        data-testid="notice-dismiss"
        onClick={() => ui.getState().dismiss(notice.id)}
      >
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  );
}

/**
 * Errors, warnings and offers ("Reopen …") as toasts stacked in the bottom-right
 * corner, over the canvas rather than above it, so nothing moves when one comes or
 * goes. Info and warnings expire; errors and offers stay until dismissed.
 */
export function Notices({ timer = windowTimer }: { timer?: ToastTimer }) {
  const notices = useUi((s) => s.notices);
  return (
    <section className="toasts" aria-label="Notifications" data-testid="toasts">
      {notices.map((n) => (
        <Toast key={n.id} notice={n} timer={timer} />
      ))}
    </section>
  );
}

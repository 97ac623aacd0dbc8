import type { ReactNode } from 'react';
import type { WidgetSpec } from '../../shared/nodes/spec';

interface WidgetFieldProps {
  widget: WidgetSpec;
  controlId: string;
  messages: readonly string[];
  /** True when the param is unset and the widget shows the schema default. */
  showingDefault: boolean;
  testId?: string;
  /** Extra text after the label (a number's range). */
  hint?: string;
  /** Toggles put the control before the label. */
  inline?: boolean;
  children: ReactNode;
}

/** The frame around every widget: label (description as hover title), control, messages. */
export function WidgetField({
  widget,
  controlId,
  messages,
  showingDefault,
  testId,
  hint,
  inline = false,
  children,
}: WidgetFieldProps) {
  const invalid = messages.length > 0;
  const label = (
    <label className="nl-widget__label" htmlFor={controlId} title={widget.description}>
      {widget.label}
      {widget.required ? <span className="nl-widget__required">*</span> : null}
      {hint ? <span className="nl-widget__hint">{hint}</span> : null}
      {showingDefault ? <span className="nl-widget__default">default</span> : null}
    </label>
  );
  return (
    <div
      className={`nl-widget nl-widget--${widget.kind}${invalid ? ' is-invalid' : ''}${inline ? ' nl-widget--inline' : ''}`}
    >
      {inline ? (
        <div className="nl-widget__row">
          {children}
          {label}
        </div>
      ) : (
        <>
          {label}
          {children}
        </>
      )}
      {invalid ? (
        <div
          className="nl-widget__message"
          id={`${controlId}-message`}
          role="status"
          data-testid={testId ? `${testId}-message` : undefined}
        >
          {messages.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

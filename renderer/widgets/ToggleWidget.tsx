import { memo, useEffect, useId, useRef } from 'react';
import { widgetMessages } from './messages';
import { CONTROL_CLASSES } from './types';
import type { WidgetOf, WidgetProps } from './types';
import { WidgetField } from './WidgetField';

/**
 * A checkbox. Unset with a schema default, it shows the default; unset without one,
 * it is indeterminate: the provider decides.
 */
export const ToggleWidget = memo(function ToggleWidget({
  widget,
  value,
  onChange,
  issue,
  disabled,
  testId,
}: WidgetProps<WidgetOf<'toggle'>>) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const current = value ?? widget.default;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = current === undefined;
  }, [current]);
  const messages = widgetMessages(widget, value, issue);
  return (
    <WidgetField
      widget={widget}
      controlId={id}
      messages={messages}
      showingDefault={value === undefined && widget.default !== undefined}
      testId={testId}
      inline
    >
      <input
        ref={ref}
        id={id}
        type="checkbox"
        className={`nl-widget__control ${CONTROL_CLASSES}`}
        data-testid={testId}
        checked={current === true}
        title={current === undefined ? "not set: the provider's default applies" : undefined}
        disabled={disabled}
        aria-invalid={messages.length > 0 || undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
    </WidgetField>
  );
});

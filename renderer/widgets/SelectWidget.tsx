import { memo, useId } from 'react';
import { formatValue, widgetMessages } from './messages';
import { CONTROL_CLASSES } from './types';
import type { WidgetOf, WidgetProps } from './types';
import { WidgetField } from './WidgetField';

const UNSET = '';
const INVALID = 'invalid';

/**
 * A dropdown over the schema's enum. Options keep their JSON type: an integer enum
 * (RunComfy's safety_tolerance) gives numbers, a string enum (Runflow's) strings.
 * Without a schema default, a "provider default" entry leaves the param unset.
 */
export const SelectWidget = memo(function SelectWidget({
  widget,
  value,
  onChange,
  issue,
  disabled,
  testId,
}: WidgetProps<WidgetOf<'select'>>) {
  const id = useId();
  const current = value ?? widget.default;
  const index = current === undefined ? -1 : widget.options.findIndex((o) => o === current);
  const selected = index >= 0 ? String(index) : current === undefined ? UNSET : INVALID;
  const messages = widgetMessages(widget, value, issue);
  return (
    <WidgetField
      widget={widget}
      controlId={id}
      messages={messages}
      showingDefault={value === undefined && widget.default !== undefined}
      testId={testId}
    >
      <select
        id={id}
        className={`nl-widget__control ${CONTROL_CLASSES}`}
        data-testid={testId}
        value={selected}
        disabled={disabled}
        aria-invalid={messages.length > 0 || undefined}
        onChange={(e) => {
          const v = e.target.value;
          if (v === UNSET) onChange(undefined);
          else if (v !== INVALID) onChange(widget.options[Number(v)]);
        }}
      >
        {widget.default === undefined ? <option value={UNSET}>provider default</option> : null}
        {selected === INVALID && current !== undefined ? (
          <option value={INVALID} disabled>
            {formatValue(current)}
          </option>
        ) : null}
        {widget.options.map((o, i) => (
          <option key={i} value={String(i)}>
            {String(o)}
          </option>
        ))}
      </select>
    </WidgetField>
  );
});

import { memo, useId, useState } from 'react';
import type { ParamValue } from '../../shared/graph/document';
import { widgetMessages } from './messages';
import { CONTROL_CLASSES } from './types';
import type { WidgetOf, WidgetProps } from './types';
import { WidgetField } from './WidgetField';

const asText = (v: ParamValue | undefined): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** What the typed text means: unset, a number, or not a number (kept as a draft). */
function parse(text: string): number | undefined | 'invalid' {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : 'invalid';
}

function rangeHint(widget: WidgetOf<'number'>): string | undefined {
  const { min, max } = widget;
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return undefined;
}

/**
 * A number field with the schema's bounds. Nothing is clamped: an out-of-range or
 * fractional value is kept as typed and explained under the field, so the artist
 * sees what would be sent. Clearing the field unsets the param (the default shows).
 */
export const NumberWidget = memo(function NumberWidget({
  widget,
  value,
  onChange,
  issue,
  disabled,
  testId,
}: WidgetProps<WidgetOf<'number'>>) {
  const id = useId();
  const [draft, setDraft] = useState(() => asText(value));
  const [synced, setSynced] = useState(value);
  // An outside change (undo, paste, load) replaces the draft unless it already says it.
  if (value !== synced) {
    setSynced(value);
    if (parse(draft) !== value) setDraft(asText(value));
  }
  const parsed = parse(draft);
  const messages =
    parsed === 'invalid'
      ? [`"${draft.trim()}" is not a number`, ...(issue ? [issue] : [])]
      : widgetMessages(widget, value, issue);
  return (
    <WidgetField
      widget={widget}
      controlId={id}
      messages={messages}
      showingDefault={value === undefined && widget.default !== undefined}
      testId={testId}
      hint={rangeHint(widget)}
    >
      <input
        id={id}
        type="number"
        className={`nl-widget__control ${CONTROL_CLASSES}`}
        data-testid={testId}
        value={draft}
        placeholder={widget.default !== undefined ? asText(widget.default) : 'provider default'}
        step={widget.integer ? 1 : 'any'}
        min={widget.min}
        max={widget.max}
        disabled={disabled}
        aria-invalid={messages.length > 0 || undefined}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const next = parse(text);
          if (next === 'invalid') return;
          setSynced(next);
          onChange(next);
        }}
      />
    </WidgetField>
  );
});

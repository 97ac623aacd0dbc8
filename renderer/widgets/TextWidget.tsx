import { memo, useId } from 'react';
import { widgetMessages } from './messages';
import { CONTROL_CLASSES } from './types';
import type { WidgetOf, WidgetProps } from './types';
import { WidgetField } from './WidgetField';

/**
 * A single-line input or, for prompts, a textarea. Unset, it holds the schema
 * default as real text (what you see is what is sent); clearing it sends "".
 * A provider's sample text is only a placeholder: greyed, never sent.
 * While a wire feeds it (`linkedFrom`), it shows where the text comes from.
 */
function placeholderOf(widget: WidgetOf<'text'>): string | undefined {
  if (widget.placeholder !== undefined) return widget.placeholder;
  if (widget.default !== undefined) return undefined;
  return widget.required ? undefined : 'provider default';
}

export const TextWidget = memo(function TextWidget({
  widget,
  value,
  onChange,
  issue,
  disabled,
  testId,
  linkedFrom,
}: WidgetProps<WidgetOf<'text'>>) {
  const id = useId();
  const current = value ?? widget.default;
  const text = typeof current === 'string' ? current : '';
  const linked = linkedFrom !== undefined;
  const messages = linked ? [] : widgetMessages(widget, value, issue);
  const common = {
    id,
    className: `nl-widget__control ${CONTROL_CLASSES}`,
    'data-testid': testId,
    value: text,
    disabled: disabled || linked,
    'aria-invalid': messages.length > 0 || undefined,
    spellCheck: widget.multiline,
    placeholder: placeholderOf(widget),
  };
  return (
    <WidgetField
      widget={widget}
      controlId={id}
      messages={messages}
      showingDefault={!linked && value === undefined && widget.default !== undefined}
      testId={testId}
    >
      {linked ? (
        <div className="nl-widget__linked" data-testid={testId ? `${testId}-linked` : undefined}>
          ← from {linkedFrom}
        </div>
      ) : widget.multiline ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(e) => onChange(e.target.value)} />
      )}
    </WidgetField>
  );
});

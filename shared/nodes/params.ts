import type { ParamValue } from '../graph/document';
import type { NodeSpec, WidgetSpec } from './spec';

/** The node's params with schema defaults filled in; unset params without a default are left out. */
export function resolveParams(
  spec: NodeSpec,
  params: Readonly<Record<string, ParamValue>>,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const w of spec.widgets) {
    const value = params[w.key] ?? w.default;
    if (value !== undefined) out[w.key] = value;
  }
  return out;
}

/** A value as the user would write it; numbers as-is (JSON would print NaN and Infinity as null). */
const fmt = (v: ParamValue): string => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/** Why `value` does not fit the widget's schema, or undefined when it does. */
export function checkParamValue(widget: WidgetSpec, value: ParamValue): string | undefined {
  switch (widget.kind) {
    case 'select':
      return widget.options.some((o) => o === value)
        ? undefined
        : `${fmt(value)} is not one of ${widget.options.map((o) => fmt(o)).join(', ')}`;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `${fmt(value)} is not a number`;
      if (widget.integer && !Number.isInteger(value)) return `${value} is not a whole number`;
      if (widget.min !== undefined && value < widget.min)
        return `${value} is below the minimum ${widget.min}`;
      if (widget.max !== undefined && value > widget.max)
        return `${value} is above the maximum ${widget.max}`;
      return undefined;
    }
    case 'toggle':
      return typeof value === 'boolean' ? undefined : `${fmt(value)} is not true or false`;
    case 'text':
      return typeof value === 'string' ? undefined : `${fmt(value)} is not text`;
  }
}

export const isBlank = (value: ParamValue | undefined): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

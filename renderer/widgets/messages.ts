import type { ParamValue } from '../../shared/graph/document';
import { checkParamValue } from '../../shared/nodes/params';
import type { WidgetSpec } from '../../shared/nodes/spec';

/**
 * The inline messages of a widget: its own check of the value against the schema
 * (checkParamValue) and the graph issue for the field, without saying the same
 * thing twice (validateGraph prefixes checkParamValue's text with the label).
 */
export function widgetMessages(
  widget: WidgetSpec,
  value: ParamValue | undefined,
  issue?: string,
): string[] {
  const own = value === undefined ? undefined : checkParamValue(widget, value);
  const out: string[] = [];
  if (own) out.push(own);
  if (issue && !(own && issue.includes(own))) out.push(issue);
  return out;
}

/** A value as the artist would read it in a message or an option. */
export const formatValue = (v: ParamValue): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : JSON.stringify(v);

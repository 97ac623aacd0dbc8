import type { ParamValue } from '../../shared/graph/document';
import type { WidgetKind, WidgetSpec } from '../../shared/nodes/spec';

/** The props every widget takes; `W` narrows the spec to one widget kind. */
export interface WidgetProps<W extends WidgetSpec = WidgetSpec> {
  widget: W;
  /** The node's param; `undefined` when unset (the widget then shows the default). */
  value: ParamValue | undefined;
  /** Called with a correctly typed value (numbers as numbers); `undefined` unsets the param. */
  onChange(value: ParamValue | undefined): void;
  /** A validation message for this field from validateGraph (a GraphIssue's message). */
  issue?: string;
  disabled?: boolean;
  /** `data-testid` of the control; its message line gets `<testId>-message`. */
  testId?: string;
  /**
   * Text widgets that a wire feeds (a convertible prompt): the source's name. The
   * widget then shows "← from <name>", is disabled and reports no value problems.
   */
  linkedFrom?: string;
}

export type WidgetOf<K extends WidgetKind> = Extract<WidgetSpec, { kind: K }>;

/** Classes that keep React Flow from dragging the node or zooming while using a control. */
export const CONTROL_CLASSES = 'nodrag nowheel';

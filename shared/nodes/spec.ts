import type { NodeTypeId } from '../graph/ids';
import type { ParamValue } from '../graph/document';
import type { ModelEntry } from '../catalog/model';

/**
 * What flows along an edge. `any` is a reroute's port: it takes whatever is wired into
 * it, and its output carries that type (see `shared/nodes/reroute.ts`).
 */
export type PortType = 'text' | 'image' | 'image[]' | 'any';

export interface PortSpec {
  id: string;
  label: string;
  type: PortType;
  description?: string;
  /** Inputs only: a run needs this input. */
  required?: boolean;
  /** Inputs only: accepts several ordered connections (image lists). */
  multiple?: boolean;
  /** Inputs only, with `multiple`: how many images the list must hold. */
  minItems?: number;
  maxItems?: number;
  /** Inputs only: the port stands in for this param when connected (prompt). */
  param?: string;
}

interface WidgetBase {
  /** The key in `GraphNode.params` (and, for models, in the request body). */
  key: string;
  label: string;
  description?: string;
  required: boolean;
  /** Omitted when the schema gives no default: the provider's own default applies. */
  default?: ParamValue;
}

export type WidgetSpec =
  | (WidgetBase & { kind: 'select'; options: Array<string | number> })
  | (WidgetBase & { kind: 'number'; integer: boolean; min?: number; max?: number })
  | (WidgetBase & { kind: 'toggle' })
  | (WidgetBase & {
      kind: 'text';
      multiline: boolean;
      convertible: boolean;
      /**
       * The provider's sample text (its schema `default`), shown greyed in the empty
       * field. Never a value: it is neither sent nor counted as filled in.
       */
      placeholder?: string;
    });

export type WidgetKind = WidgetSpec['kind'];

export type NodeCategory = 'Inputs' | 'Outputs' | 'Models' | 'Layout' | 'Components';

export interface NodeSpec {
  type: NodeTypeId;
  title: string;
  category: NodeCategory;
  description?: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  widgets: WidgetSpec[];
  /** Model nodes only: the endpoint that runs them. */
  model?: ModelEntry;
}

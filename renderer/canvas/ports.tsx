import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { canConnect } from '../../shared/nodes/ports';
import type { PortSpec } from '../../shared/nodes/spec';
import { PORT_TYPES, portClass } from './compat';
import { useHandleKeys } from './keyboardWireContext';
import { handleName } from './keyboardWiring';

/**
 * A handle's classes: its port type (colour), and which wire types it accepts, so a
 * CSS rule per dragged type can dim the incompatible handles during a connection
 * drag without re-rendering any node (see `nl-drag-*` in canvas.css).
 */
export function handleClasses(port: PortSpec, kind: 'source' | 'target'): string {
  const accepts =
    kind === 'target'
      ? PORT_TYPES.filter((t) => canConnect(t, port.type)).map((t) => `nl-ok-src-${portClass(t)}`)
      : PORT_TYPES.filter((t) => canConnect(port.type, t)).map((t) => `nl-ok-tgt-${portClass(t)}`);
  return [
    'nl-handle',
    `nl-port--${portClass(port.type)}`,
    port.multiple ? 'nl-handle--list' : '',
    ...accepts,
  ]
    .filter(Boolean)
    .join(' ');
}

interface InputPortProps {
  nodeId: string;
  /** The node's name, for the handle's accessible name. */
  nodeTitle: string;
  port: PortSpec;
  /** Connections into it now. */
  count: number;
  invalid: boolean;
}

/** An input row: the handle on the left edge (list inputs wider, with their count). */
export const InputPort = memo(function InputPort({
  nodeId,
  nodeTitle,
  port,
  count,
  invalid,
}: InputPortProps) {
  const { wireClass, ...keys } = useHandleKeys(
    { nodeId, portId: port.id, kind: 'target' },
    handleName(nodeTitle, 'target', port.label) + (port.multiple ? `, ${count} connected` : ''),
  );
  const limits =
    port.multiple && (port.minItems !== undefined || port.maxItems !== undefined)
      ? ` (${port.minItems ?? 0}–${port.maxItems ?? '∞'} images)`
      : '';
  return (
    <div className={`nl-port nl-port--in${invalid ? ' is-invalid' : ''}`}>
      <Handle
        type="target"
        position={Position.Left}
        id={port.id}
        className={`${handleClasses(port, 'target')}${count > 0 ? ' is-connected' : ''}${wireClass}`}
        data-testid={`handle-${nodeId}-${port.id}`}
        title={`${port.label}: ${port.type}${limits}`}
        {...keys}
      >
        {port.multiple ? (
          <span className="nl-handle__count" aria-hidden="true">
            {count}
          </span>
        ) : null}
      </Handle>
      <span className="nl-port__label" title={port.description}>
        {port.label}
        {port.required ? <span className="nl-port__required">*</span> : null}
      </span>
    </div>
  );
});

/** An output row: the handle on the right edge. */
export const OutputPort = memo(function OutputPort({
  nodeId,
  nodeTitle,
  port,
}: {
  nodeId: string;
  nodeTitle: string;
  port: PortSpec;
}) {
  const { wireClass, ...keys } = useHandleKeys(
    { nodeId, portId: port.id, kind: 'source' },
    handleName(nodeTitle, 'source', port.label),
  );
  return (
    <div className="nl-port nl-port--out">
      <span className="nl-port__label" title={port.description}>
        {port.label}
      </span>
      <Handle
        type="source"
        position={Position.Right}
        id={port.id}
        className={`${handleClasses(port, 'source')}${wireClass}`}
        data-testid={`handle-${nodeId}-${port.id}`}
        title={`${port.label}: ${port.type}`}
        {...keys}
      />
    </div>
  );
});

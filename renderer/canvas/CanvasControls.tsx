import { ControlButton, Controls, useReactFlow } from '@xyflow/react';
import { Map as MapIcon, Maximize, ZoomIn, ZoomOut } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

function Control({
  label,
  icon: Icon,
  onClick,
  pressed,
  testId,
  className,
}: {
  label: string;
  icon: LucideIcon;
  onClick(): void;
  pressed?: boolean;
  testId?: string;
  className?: string;
}) {
  return (
    <ControlButton
      onClick={onClick}
      className={className}
      title={label}
      aria-label={label}
      {...(pressed !== undefined ? { 'aria-pressed': pressed } : {})}
      {...(testId ? { 'data-testid': testId } : {})}
    >
      <Icon size={16} aria-hidden="true" />
    </ControlButton>
  );
}

/** Zoom, fit and the minimap switch, in the canvas corner, drawn with the app's icons. */
export function CanvasControls({
  onFit,
  miniMap,
}: {
  /** Fits the whole graph (from the graph store: React Flow holds only the nodes near the view). */
  onFit(): void;
  /** The minimap's switch; absent when the canvas has no minimap. */
  miniMap?: { on: boolean; toggle(): void };
}) {
  const flow = useReactFlow();
  return (
    <Controls showZoom={false} showFitView={false} showInteractive={false} aria-label="View">
      <Control
        label="Zoom in"
        icon={ZoomIn}
        className="react-flow__controls-zoomin"
        onClick={() => void flow.zoomIn()}
      />
      <Control
        label="Zoom out"
        icon={ZoomOut}
        className="react-flow__controls-zoomout"
        onClick={() => void flow.zoomOut()}
      />
      <Control
        label="Fit the graph in view"
        icon={Maximize}
        className="react-flow__controls-fitview"
        onClick={onFit}
      />
      {miniMap ? (
        <Control
          label={miniMap.on ? 'Hide the minimap' : 'Show the minimap'}
          icon={MapIcon}
          pressed={miniMap.on}
          onClick={miniMap.toggle}
          testId="toggle-minimap"
        />
      ) : null}
    </Controls>
  );
}

import type { NodeMode } from '../../shared/graph/document';

/** The class that dims a bypassed or muted node (canvas.css / organise.css). */
export const modeClass = (mode: NodeMode | undefined): string =>
  mode ? ` nl-node--mode-${mode}` : '';

const LABELS: Record<NodeMode, { text: string; title: string }> = {
  bypass: {
    text: 'Bypassed',
    title: 'Bypassed (Ctrl+B): sends nothing; its inputs pass on to its outputs of the same type',
  },
  mute: {
    text: 'Muted',
    title: 'Muted (Ctrl+M): this node and everything that needs it do not run',
  },
};

/** "Bypassed" / "Muted" in the title bar: the mode is read, not only seen as dimming. */
export function ModeBadge({ mode }: { mode: NodeMode | undefined }) {
  if (!mode) return null;
  const label = LABELS[mode];
  return (
    <span
      className={`nl-mode-badge nl-mode-badge--${mode}`}
      title={label.title}
      data-testid="mode-badge"
    >
      {label.text}
    </span>
  );
}

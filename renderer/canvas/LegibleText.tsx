import { useStore } from '@xyflow/react';
import { useLayoutEffect } from 'react';
import { legibleTextPx, namesGrow } from './legibility';

/**
 * Sets `--nl-legible-px` (legibility.ts) on the canvas element as the zoom changes:
 * node headers read it, and `nl-legible` once names grow past their own size (the
 * header then gives its two lines to the node's name; canvas.css). Renders nothing; re-runs only when the
 * rounded size changes.
 */
export function LegibleText({ target }: { target: { current: HTMLElement | null } }) {
  const px = useStore((s) => legibleTextPx(s.transform[2]));
  useLayoutEffect(() => {
    target.current?.style.setProperty('--nl-legible-px', `${px}px`);
    target.current?.classList.toggle('nl-legible', namesGrow(px));
  }, [px, target]);
  return null;
}

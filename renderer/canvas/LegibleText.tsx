import { useStore } from '@xyflow/react';
import { useLayoutEffect } from 'react';
import { legibleTextPx } from './legibility';

/**
 * Sets `--nl-legible-px` (legibility.ts) on the canvas element as the zoom changes:
 * node headers read it. Renders nothing; re-runs only when the rounded size changes.
 */
export function LegibleText({ target }: { target: { current: HTMLElement | null } }) {
  const px = useStore((s) => legibleTextPx(s.transform[2]));
  useLayoutEffect(() => {
    target.current?.style.setProperty('--nl-legible-px', `${px}px`);
  }, [px, target]);
  return null;
}

import type { RunListItem } from './historyActions';

export const usd = (v: number): string => `$${v.toFixed(v > 0 && v < 0.1 ? 3 : 2)}`;

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export const STATUS_TEXT: Record<RunListItem['status'], string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

/** "12 runs", "1 image", "1,000+ runs" (a count that stopped at its cap). */
export const countText = (n: number, capped: boolean, one: string, many: string): string =>
  `${n.toLocaleString('en-US')}${capped ? '+' : ''} ${n === 1 && !capped ? one : many}`;

const pad = (n: number): string => String(n).padStart(2, '0');

/** When a run started, as people read it: "2026-11-23 17:04" in local time. */
export function runTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

import path from 'node:path';

/**
 * Workflow files handed to the app by the OS: double-clicked (file association),
 * dropped on the dock icon (macOS `open-file`), or given on the command line
 * (Linux, Windows; also a second launch, which forwards its argv here).
 */

export const WORKFLOW_EXT = '.nodeloom';

/**
 * The workflow paths in a command line, absolute. Switches (Chromium adds some)
 * and the executable / app folder are skipped; only `.nodeloom` files count.
 */
export function workflowPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !arg.toLowerCase().endsWith(WORKFLOW_EXT)) continue;
    // A file:// URL is what some Linux file managers pass.
    const file = arg.startsWith('file://') ? fileUrlToPath(arg) : arg;
    if (file) out.push(path.resolve(cwd, file));
  }
  return out;
}

function fileUrlToPath(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
}

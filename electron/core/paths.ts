import os from 'node:os';
import path from 'node:path';

/**
 * Where Nodeloom keeps its cache, journal and history: the same folder Electron
 * uses as userData for an app named "Nodeloom", so the CLI, the web host and the
 * desktop app share results (a node run from one is a cache hit in the others).
 * NODELOOM_DATA_DIR overrides it.
 */
export function defaultDataDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env['NODELOOM_DATA_DIR']) return path.resolve(env['NODELOOM_DATA_DIR']);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Nodeloom');
  if (platform === 'win32')
    return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Nodeloom');
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'Nodeloom');
}

// `npm start`: build and open the desktop app. Electron's binary is downloaded by its
// own install script; npm 11 skips dependency install scripts unless allowed, so on a
// fresh install the binary may be missing: run that script here, once, then start.
// Extra arguments go to the app: `npm start -- --emulator`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** The Electron executable, or undefined when it is not installed. */
export function electronBinary() {
  try {
    const electronDir = path.dirname(require.resolve('electron/package.json'));
    // Read fresh each time (require('electron') caches its first answer).
    const main = path.join(electronDir, 'index.js');
    delete require.cache[main];
    const binary = require(main);
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined; // index.js throws when path.txt is missing: never downloaded
  }
}

function installElectron() {
  let installer;
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return false;
  }
  console.log('Electron is not downloaded yet: downloading it now (once)...');
  const env = { ...process.env };
  // The install script does nothing while this is set; here the download is the point.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [installer], { cwd: root, env, stdio: 'inherit' });
  return result.status === 0;
}

function main() {
  let binary = electronBinary();
  if (!binary && installElectron()) binary = electronBinary();
  if (!binary) {
    console.error(`
Nodeloom: the Electron binary could not be downloaded, so the desktop app cannot start.
Electron downloads it from GitHub (or $ELECTRON_MIRROR) on first use; this machine
could not reach it. Either:
  - run it on a machine with internet access:  npm start
  - or use the same UI in your browser:         npm run web
    (npm run web -- --emulator tries it without provider keys or costs)
`);
    process.exit(1);
  }
  const args = process.argv.slice(2);
  const viteBin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(
    process.execPath,
    [viteBin, 'preview', ...(args.length ? ['--', ...args] : [])],
    { cwd: root, stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

// `npm run test:package`: packages the app with electron-builder (`--linux dir`)
// against a stand-in Electron (a folder with a dummy `electron` executable: all the
// dir target needs, so it runs offline), then checks what app.asar holds: the three
// bundles, the catalog, package.json and the production dependencies, and nothing
// from devDependencies, no sources, no source maps.
// Options: --skip-build (use the existing out/), --keep (leave the temp folder).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** Problems with an asar listing (paths with forward slashes, no leading slash). */
export function checkAsarListing(files, pkg) {
  const has = (p) => files.includes(p);
  const problems = [];
  for (const required of [
    'package.json',
    pkg.main,
    'out/preload/index.cjs',
    'out/renderer/index.html',
  ]) {
    if (!has(required)) problems.push(`missing ${required}`);
  }
  if (!files.some((f) => /^out\/main\/catalog\/.+\.json$/.test(f)))
    problems.push('missing the model catalog (out/main/catalog/**/*.json)');
  if (!files.some((f) => /^out\/renderer\/assets\/.+\.js$/.test(f)))
    problems.push('missing the renderer bundle (out/renderer/assets/*.js)');
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (!has(`node_modules/${dep}/package.json`)) problems.push(`missing dependency ${dep}`);
  }
  for (const dep of Object.keys(pkg.devDependencies ?? {})) {
    if (files.some((f) => f.startsWith(`node_modules/${dep}/`)))
      problems.push(`devDependency packaged: ${dep}`);
  }
  const outside = files.filter(
    (f) => !f.startsWith('node_modules/') && !f.startsWith('out/') && f !== 'package.json',
  );
  if (outside.length) problems.push(`files outside out/: ${outside.slice(0, 5).join(', ')}`);
  const sources = files.filter((f) => f.startsWith('out/') && /\.(tsx?|map)$/.test(f));
  if (sources.length) problems.push(`sources or maps in out/: ${sources.slice(0, 5).join(', ')}`);
  return problems;
}

/** Every file in an asar, as forward-slash paths without the leading slash. */
function listAsar(asarFile) {
  const asar = require('@electron/asar');
  return asar
    .listPackage(asarFile, { isPack: false })
    .map((p) => p.replace(/\\/g, '/').replace(/^\//, ''))
    .filter((p) => {
      try {
        return !asar.statFile(asarFile, p).files;
      } catch {
        return false;
      }
    });
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const started = performance.now();
  const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

  if (!args.has('--skip-build')) {
    const vite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const built = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) {
      console.error('check-asar: `electron-vite build` failed; nothing to package.');
      process.exit(1);
    }
  }
  const buildDone = performance.now();

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-asar-'));
  try {
    // The stand-in Electron: electron-builder copies this folder and renames `electron`
    // to the app's executable; for the dir target nothing else is read from it.
    const electronDist = path.join(tmp, 'electron-dist');
    await mkdir(electronDist);
    await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in Electron"\n');
    await chmod(path.join(electronDist, 'electron'), 0o755);

    const { build, Platform } = require('electron-builder');
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      config: {
        extends: path.join(root, 'electron-builder.yml'),
        electronDist,
        directories: { output: path.join(tmp, 'release') },
        // The native modules are prebuilt for Node-API; nothing to compile for a layout check.
        npmRebuild: false,
        // Fuses are flipped inside the real binary; the stand-in has none to flip.
        electronFuses: null,
      },
    });
    const resources = path.join(tmp, 'release', 'linux-unpacked', 'resources');
    const asarFile = path.join(resources, 'app.asar');
    if (!existsSync(asarFile)) throw new Error(`electron-builder wrote no ${asarFile}`);

    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    const files = listAsar(asarFile);
    const problems = checkAsarListing(files, pkg);
    const unpacked = path.join(resources, 'app.asar.unpacked');
    if (pkg.dependencies?.sharp && !existsSync(path.join(unpacked, 'node_modules')))
      problems.push('sharp is packaged but its native files were not unpacked from app.asar');

    const deps = new Set(
      files
        .filter((f) => f.startsWith('node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(1, f.split('/')[1].startsWith('@') ? 3 : 2)
            .join('/'),
        ),
    );
    console.log(
      `\ncheck-asar: app.asar holds ${files.length} files: out/ (${files.filter((f) => f.startsWith('out/')).length}), ` +
        `${deps.size} packages in node_modules`,
    );
    console.log(
      `check-asar: time ${seconds(started)} s (build ${((buildDone - started) / 1000).toFixed(1)} s, package + check ${seconds(buildDone)} s)`,
    );
    if (problems.length) {
      console.error(`check-asar: FAILED\n  - ${problems.join('\n  - ')}`);
      process.exitCode = 1;
    } else {
      console.log('check-asar: OK');
    }
  } finally {
    if (args.has('--keep')) console.log(`check-asar: kept ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`check-asar: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

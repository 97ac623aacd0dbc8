import { cp } from 'node:fs/promises';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { metaContentSecurityPolicy } from './electron/main/security';

// The Electron app: main -> out/main/index.cjs (package.json "main"), preload ->
// out/preload/index.cjs, renderer -> out/renderer (the same build as vite.config.ts).
// Main and preload are CommonJS: an ESM preload does not load in a sandboxed window,
// and a CommonJS main can require it alongside without an ESM loader.

const root = import.meta.dirname;

/** The catalog data files beside the main bundle: the host service reads them at run time. */
function copyCatalog(): Plugin {
  return {
    name: 'nodeloom:copy-catalog',
    async writeBundle(options) {
      const outDir = options.dir ?? resolve(root, 'out/main');
      await cp(resolve(root, 'shared/catalog/models'), resolve(outDir, 'catalog'), {
        recursive: true,
      });
    },
  };
}

/**
 * The CSP as a <meta> tag too: the app:// protocol also sends it as a header; the
 * tag keeps the policy with the page whoever serves it.
 */
function cspMeta(): Plugin {
  return {
    name: 'nodeloom:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy() },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  main: {
    plugins: [copyCatalog()],
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: 'chunks/[name]-[hash].cjs',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads can require only `electron`: bundle everything else (zod).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), cspMeta()],
    build: {
      outDir: 'out/renderer',
      emptyOutDir: true,
      sourcemap: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});

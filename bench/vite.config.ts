import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The bench pages (bench/canvas/*.html), built to out/bench (ignored by git and lint).
// BENCH_PROFILE=1 builds them unminified to out/bench-profile, for readable profiles.
const profile = process.env.BENCH_PROFILE === '1';
export default defineConfig({
  root: resolve(import.meta.dirname, 'canvas'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, profile ? '../out/bench-profile' : '../out/bench'),
    minify: !profile,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        nodeloom: resolve(import.meta.dirname, 'canvas/nodeloom.html'),
        litegraph: resolve(import.meta.dirname, 'canvas/litegraph.html'),
      },
    },
  },
});

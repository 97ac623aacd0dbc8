import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer bundle, served by the loopback web host (out/renderer) and loaded by
// the Electron window. Relative base: it is also opened from a file inside app.asar.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle loaded from disk (Electron) or loopback: no network round trips to save.
    chunkSizeWarningLimit: 1024,
  },
});

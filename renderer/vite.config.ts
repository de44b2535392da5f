/**
 * Builds the renderer into out/renderer. Electron loads it from file:// and the browser host serves it
 * under a strict CSP, so paths are relative and nothing may be inlined into index.html.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths are relative to the repository root, where every npm script and test runs the build.
export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build works from file:// (Electron) and http://127.0.0.1 (browser host).
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // The polyfill is an inline <script>, which `script-src 'self'` refuses.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs inside CSS/JS; keep every asset a file the CSP can vouch for.
    assetsInlineLimit: 0,
    // One stylesheet file linked from index.html, never a <style> injected at runtime.
    cssCodeSplit: false,
    target: 'es2022',
    sourcemap: true,
  },
});

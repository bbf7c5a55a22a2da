import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Web viewer build: the panel's Preact components as a plain page the relay serves at `/s/:sessionId`
 * (relay/src/viewer). `npx vite build -c vite.viewer.config.ts` → `.output/viewer/` (index.html + assets
 * under the `/viewer/` URL prefix). The relay only serves these files; it imports no extension code.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./extension/viewer', import.meta.url)),
  base: '/viewer/',
  publicDir: false,
  // Same JSX settings as wxt.config.ts (Vite 8 transforms with Oxc).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./.output/viewer', import.meta.url)),
    emptyOutDir: true,
    // The relay's CSP allows scripts and styles from 'self' only: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});

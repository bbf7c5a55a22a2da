import { defineConfig } from 'wxt';

/** What background capture may ask for, one site at a time (`permissions.request`). */
const BACKGROUND_CAPTURE_ORIGINS = ['http://*/*', 'https://*/*'] as const;

/**
 * WXT build configuration for the Avvance Workbench extension.
 *
 * `npx wxt build` → `.output/chrome-mv3/`; `npx wxt build -b firefox` → `.output/firefox-mv2/`.
 * Permissions and why each is needed: docs/extension.md.
 */
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  // Explicit imports everywhere, so `tsc -p tsconfig.json --noEmit` works without the generated `.wxt/` types.
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Avvance Workbench',
    description:
      'Records the Avvance API calls a page makes, with customer PII masked, in a DevTools "Avvance" tab.',
    // The DevTools page and panel use `devtools.*`, which needs no permission. Add permissions here only
    // with a line in docs/extension.md saying why. `storage`: settings, relay tokens, popup history.
    // `identity`: `launchWebAuthFlow` for OIDC sign-in to the relay. `scripting`: registers the page
    // scripts of background capture for the sites a user opts in. No host permission is granted at
    // install: background capture asks for one site at a time (optional host permissions).
    permissions: ['storage', 'identity', 'scripting'],
    ...(browser === 'firefox'
      ? { optional_permissions: [...BACKGROUND_CAPTURE_ORIGINS] }
      : { optional_host_permissions: [...BACKGROUND_CAPTURE_ORIGINS] }),
    // Firefox needs an add-on id to sign the MV2 build (AMO) and to keep storage across reloads.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'avvance-workbench@workbench.dev',
              strict_min_version: '115.0',
              // Nothing leaves the browser: AMO asks add-ons to declare it.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    // Preact JSX without @preact/preset-vite (tsconfig has the same jsx/jsxImportSource settings).
    // WXT 0.21 builds with Vite 8, whose transformer is Oxc (the `esbuild` option is deprecated there).
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  }),
});

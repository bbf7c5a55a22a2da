/**
 * Web viewer: serves the pre-built viewer page (`vite build -c vite.viewer.config.ts` →
 * `.output/viewer/`) at the share URL `/s/:sessionId`, and its assets under `/viewer/`. The relay only
 * serves files: the page's code (the panel's Preact components) is built from extension/ and never
 * imported here.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import Type from 'typebox';
import { SessionIdSchema } from '../../../shared/src/protocol/common-schema.ts';

/** Default build output of the viewer, relative to the repository root. */
export const DEFAULT_VIEWER_DIR = fileURLToPath(new URL('../../../.output/viewer', import.meta.url));

/** Options of {@link viewerPlugin}. */
export interface ViewerPluginOptions {
  /** Directory holding the built viewer (`index.html`, `assets/`). Defaults to {@link DEFAULT_VIEWER_DIR}. */
  dir?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * CSP of the viewer page (see docs/relay-sessions.md, web viewer): the relay-wide policy (set here too, so
 * the plugin stands alone), with the page's one-time `nonce` on styles. CodeMirror (the body viewer) mounts
 * its theme as `<style>` elements, which carry the nonce; no other inline style is allowed.
 */
export function viewerCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "base-uri 'none'",
    "connect-src 'self' ws: wss:",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
  ].join('; ');
}

const NOT_BUILT =
  'The web viewer is not built. Run `npm run build` (or `npx vite build -c vite.viewer.config.ts`) and reload.';

async function viewer(app: FastifyInstance, opts: ViewerPluginOptions): Promise<void> {
  if (opts.dir !== undefined && (typeof opts.dir !== 'string' || opts.dir === ''))
    throw new TypeError('viewer: dir must be a non-empty path');
  const root = resolve(opts.dir ?? DEFAULT_VIEWER_DIR);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/s/:sessionId',
    { schema: { hide: true, params: Type.Object({ sessionId: SessionIdSchema }) } },
    async (_request, reply) => {
      // Read per request so a rebuilt viewer is served without a relay restart (the file is 0.5 kB).
      const html = await readFile(resolve(root, 'index.html'), 'utf8').catch(() => undefined);
      reply.header('Cache-Control', 'no-store');
      if (html === undefined) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
      // A fresh nonce per page, handed to the page's code in a meta tag (json-editor-base.ts reads it).
      const nonce = randomBytes(16).toString('base64');
      return reply
        .header('Content-Security-Policy', viewerCsp(nonce))
        .type('text/html; charset=utf-8')
        .send(html.replace('<head>', `<head>\n    <meta name="csp-nonce" content="${nonce}" />`));
    },
  );

  r.get(
    '/viewer/*',
    { schema: { hide: true, params: Type.Object({ '*': Type.String({ maxLength: 256 }) }) } },
    async (request, reply) => {
      const file = resolve(root, request.params['*']);
      // Only files inside the build directory, whatever `..` or encoded separators the path holds.
      if (!file.startsWith(root + sep))
        return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Not found' } });
      const body = await readFile(file).catch(() => undefined);
      if (body === undefined)
        return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Not found' } });
      // Asset names carry a content hash: cache them for good.
      return reply
        .header('Cache-Control', 'public, max-age=31536000, immutable')
        .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
        .send(body);
    },
  );
}

/** Serves the web viewer at `/s/:sessionId` and `/viewer/*` (fastify-plugin wrapped). */
export const viewerPlugin = fp(viewer, { name: 'avvance-viewer', fastify: '5.x' });

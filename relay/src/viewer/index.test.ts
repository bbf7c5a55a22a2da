import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { viewerPlugin } from './index.ts';

describe('viewerPlugin', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  async function build(dir: string): Promise<FastifyInstance> {
    app = Fastify();
    await app.register(viewerPlugin, { dir });
    return app;
  }

  it('serves the page at the share URL and its assets, nothing outside the build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viewer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head></head><div id="app"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    const a = await build(dir);
    const page = await a.inject('/s/Sabc123');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('id="app"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
    // Styles: 'self' plus this page's own nonce (CodeMirror's <style> elements), never 'unsafe-inline'.
    const csp = String(page.headers['content-security-policy']);
    const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'$/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
    const again = await a.inject('/s/Sabc123');
    expect(again.headers['content-security-policy']).not.toContain(nonce);
    const js = await a.inject('/viewer/assets/index-abc.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect((await a.inject('/viewer/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
    expect((await a.inject('/viewer/assets/missing.js')).statusCode).toBe(404);
    expect((await a.inject('/s/not..valid')).statusCode).toBe(400);
  });

  it('explains a missing build with 503', async () => {
    const a = await build(join(tmpdir(), 'no-such-viewer-dir'));
    const page = await a.inject('/s/Sabc');
    expect(page.statusCode).toBe(503);
    expect(page.body).toMatch(/not built/);
  });
});

/**
 * Known gap (docs/security.md): the embedded sandbox's control plane (`/sandbox/v1/…`) has no accounts
 * (its administrative routes answer loopback callers only), and its webhook configuration makes the relay
 * POST to any http(s) URL. The mitigation for shared relays is `RELAY_SANDBOX=0`: this proves the whole
 * sandbox surface is then gone.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../relay/src/app.ts';
import { defaultConfig, loadConfig } from '../../relay/src/config/load-config.ts';
import { startCanary, type TestServer } from './support/workbench.ts';

let canary: TestServer;
beforeAll(async () => {
  canary = await startCanary();
});
afterAll(async () => {
  expect(canary.connections).toBe(0);
  await canary.close();
});

describe('RELAY_SANDBOX=0 removes the unauthenticated sandbox control plane', () => {
  it('is a supported configuration switch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-sbx-'));
    try {
      const file = join(dir, 'relay.json');
      writeFileSync(
        file,
        JSON.stringify({ environments: [{ name: 'uat', baseUrl: 'https://uat.example.test' }] }),
      );
      const loaded = loadConfig({ env: { RELAY_SANDBOX: '0' }, file });
      expect(loaded.ok, loaded.ok ? '' : loaded.errors.join('\n')).toBe(true);
      if (loaded.ok) expect(loaded.config.sandbox).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 404 for every sandbox route, so no webhook URL can be planted', async () => {
    const base = defaultConfig();
    const app = await build({
      config: {
        ...base,
        sandbox: false,
        environments: [
          {
            name: 'uat',
            baseUrl: 'https://uat.example.test',
            production: false,
            credentials: {},
            timeoutMs: 1000,
          },
        ],
        limits: { ...base.limits, maxEventLoopDelayMs: 0 },
      },
    });
    try {
      const plant = await app.inject({
        method: 'PUT',
        url: '/sandbox/v1/partners/partner-org-name/webhook',
        payload: { url: `http://127.0.0.1:${canary.port}/hook`, auth: { type: 'none' } },
      });
      expect(plant.statusCode).toBe(404);
      for (const url of [
        '/sandbox/v1/settlement/run',
        '/sandbox/v1/merchants',
        '/auth/oauth2/v1/token',
        '/usl/avvance-installment-loans',
      ]) {
        expect((await app.inject({ method: 'POST', url, payload: {} })).statusCode, url).toBe(404);
      }
    } finally {
      await app.close();
    }
  });
});

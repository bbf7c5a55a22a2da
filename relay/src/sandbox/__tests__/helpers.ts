import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { HOSTED_SUBMIT } from '../../../../shared/src/openapi/examples/sandbox.ts';
import type { HostedApplicationSubmit } from '../../../../shared/src/openapi/index.ts';
import { createFakeClock, type FakeClock } from '../clock.ts';
import { createSandboxCore, type SandboxCore } from '../core.ts';
import { DEFAULT_SANDBOX_PARTNER } from '../credentials.ts';
import type { SandboxOptions } from '../options.ts';
import { sandboxPlugin } from '../plugin.ts';

/** The default MID used by tests. */
export const MID = '435523232323';
/** The default partner. */
export const PARTNER = DEFAULT_SANDBOX_PARTNER.partnerId;

/** A sandbox app on a fake clock, with a helper to call partner APIs with a token. */
export interface TestSandbox {
  app: FastifyInstance;
  core: SandboxCore;
  clock: FakeClock;
  token(): Promise<string>;
  /** Calls a partner API with a fresh token and the usual headers (override or drop with `undefined`). */
  call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    opts?: { body?: unknown; headers?: Record<string, string | undefined> },
  ): Promise<LightMyRequestResponse>;
  create(overrides?: Record<string, unknown>): Promise<{ guid: string; sessionId: string; url: string }>;
  submit(
    guid: string,
    patch?: Partial<HostedApplicationSubmit['applicant']>,
  ): Promise<LightMyRequestResponse>;
  /** create → open → submit (approve) → accept. */
  authorized(overrides?: Record<string, unknown>): Promise<{ guid: string; sessionId: string }>;
  close(): Promise<void>;
}

/** Basic header of the default credentials. */
export const BASIC = `Basic ${Buffer.from(`${DEFAULT_SANDBOX_PARTNER.clientKey}:${DEFAULT_SANDBOX_PARTNER.clientSecret}`).toString('base64')}`;

/** Builds a Fastify app with only the sandbox registered. */
export async function buildSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const clock = (options.clock as FakeClock | undefined) ?? createFakeClock();
  const core = createSandboxCore({ publicBaseUrl: 'http://127.0.0.1:8787', ...options, clock });
  const app = Fastify({ logger: false });
  await app.register(sandboxPlugin, { core });
  await app.ready();
  let cached: string | undefined;
  const sb: TestSandbox = {
    app,
    core,
    clock,
    async token() {
      if (cached && core.partnerForToken(cached)) return cached;
      const res = await app.inject({
        method: 'POST',
        url: '/auth/oauth2/v1/token',
        headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials',
      });
      cached = res.json().accessToken;
      return cached!;
    },
    async call(method, url, opts = {}) {
      const headers: Record<string, string> = {};
      const merged: Record<string, string | undefined> = {
        authorization: `Bearer ${await sb.token()}`,
        'correlation-id': randomUUID(),
        'partner-id': PARTNER,
        'merchant-id': MID,
        ...opts.headers,
      };
      for (const [k, v] of Object.entries(merged)) if (v !== undefined) headers[k] = v;
      return app.inject({
        method,
        url,
        headers,
        ...(opts.body === undefined ? {} : { payload: opts.body as object }),
      });
    },
    async create(overrides = {}) {
      const sessionId = randomUUID();
      const res = await sb.call('POST', '/poslp/services/avvance-loan/v1/create', {
        body: {
          partnerSessionId: sessionId,
          merchantId: MID,
          invoiceAmount: '1240',
          consumer: {
            firstName: 'Joe',
            lastName: 'Dow',
            email: 'joe@example.com',
            mobilePhone: '9009009000',
          },
          ...overrides,
        },
      });
      if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      const body = res.json();
      return { guid: body.applicationGUID, sessionId, url: body.consumerOnboardingURL };
    },
    submit(guid, patch = {}) {
      return app.inject({
        method: 'POST',
        url: `/sandbox/v1/applications/${guid}/submit`,
        payload: { ...HOSTED_SUBMIT, applicant: { ...HOSTED_SUBMIT.applicant, ...patch } },
      });
    },
    async authorized(overrides = {}) {
      const { guid, sessionId } = await sb.create(overrides);
      const sub = await sb.submit(guid);
      if (sub.json().status !== 'APPLICATION_APPROVED') throw new Error(`submit: ${sub.body}`);
      const acc = await app.inject({ method: 'POST', url: `/sandbox/v1/applications/${guid}/accept` });
      if (acc.statusCode !== 200) throw new Error(`accept: ${acc.body}`);
      return { guid, sessionId };
    },
    async close() {
      await app.close();
    },
  };
  return sb;
}

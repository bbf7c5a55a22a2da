import type { FastifyInstance } from 'fastify';
import { build } from '../../../relay/src/app.ts';
import {
  type RunningDemoStore,
  type StartDemoStoreOptions,
  startDemoStore,
} from '../../../relay/src/demo/server.ts';
import { sandboxPlugin } from '../../../relay/src/sandbox/index.ts';
import { HOSTED_SUBMIT } from '../../../shared/src/openapi/examples/sandbox.ts';
import type { HostedApplicationSubmit } from '../../../shared/src/openapi/index.ts';

/** The relay (with its embedded sandbox) and the demo store, both on 127.0.0.1 with free ports. */
export interface DemoStack {
  relay: FastifyInstance;
  relayUrl: string;
  demo: RunningDemoStore;
  close(): Promise<void>;
}

/** Starts relay + sandbox and the demo store wired to it (webhooks registered). */
export async function startDemoStack(demoOptions: StartDemoStoreOptions = {}): Promise<DemoStack> {
  const relay = await build({ logger: false });
  // The relay registers its embedded sandbox; until it does (or when built without it), add it here.
  if (!relay.hasRoute({ method: 'POST', url: '/auth/oauth2/v1/token' })) await relay.register(sandboxPlugin);
  await relay.listen({ host: '127.0.0.1', port: 0 });
  const address = relay.server.address();
  if (!address || typeof address !== 'object') throw new Error('relay has no address');
  const relayUrl = `http://127.0.0.1:${address.port}`;
  let demo: RunningDemoStore;
  try {
    demo = await startDemoStore({ port: 0, avvanceBaseUrl: relayUrl, ...demoOptions });
  } catch (e: unknown) {
    await relay.close();
    throw e;
  }
  if (demo.webhookRegistrationError && demoOptions.registerWebhook !== false) {
    await demo.app.close();
    await relay.close();
    throw demo.webhookRegistrationError;
  }
  return {
    relay,
    relayUrl,
    demo,
    async close() {
      await demo.app.close();
      await relay.close();
    },
  };
}

/** A hosted-page application for one persona (fake PII from the shared examples). */
export function applicationFor(ssnLast4: string, mobilePhone = '9009009000'): HostedApplicationSubmit {
  return {
    ...HOSTED_SUBMIT,
    applicant: { ...HOSTED_SUBMIT.applicant, ssn: `666-12-${ssnLast4}`, mobilePhone, coApplicant: null },
  };
}

/** Calls a sandbox control endpoint (S2 submit, S3 accept, S5 settlement) and returns its JSON. */
export async function sandboxCall(relayUrl: string, path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${relayUrl}/sandbox/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${path} → HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : {};
}

import { buildDemoStore, type DemoStore, type DemoStoreOptions } from './app.ts';
import { DEMO_DEFAULTS } from './defaults.ts';

/** Options of {@link startDemoStore}. */
export interface StartDemoStoreOptions extends DemoStoreOptions {
  /** Interface to bind. Defaults to 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Defaults to 8788. */
  port?: number;
  /**
   * Register the store's webhook URL with the sandbox control plane after listening. Defaults to true;
   * turn it off when the Avvance base URL is not the embedded sandbox.
   */
  registerWebhook?: boolean;
}

/** A listening demo store. */
export interface RunningDemoStore extends DemoStore {
  /** e.g. `http://127.0.0.1:8788` */
  url: string;
  /** `${url}/api/avvance/webhooks` */
  webhookUrl: string;
  /** Set when the webhook registration failed (the store still runs; webhooks just won't arrive). */
  webhookRegistrationError?: Error;
}

/** Builds the demo store, listens, and registers its webhook endpoint with the sandbox. */
export async function startDemoStore(opts: StartDemoStoreOptions = {}): Promise<RunningDemoStore> {
  const store = await buildDemoStore(opts);
  const host = opts.host ?? DEMO_DEFAULTS.host;
  await store.app.listen({ host, port: opts.port ?? DEMO_DEFAULTS.port });
  const address = store.app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? DEMO_DEFAULTS.port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  const webhookUrl = `${url}/api/avvance/webhooks`;
  const running: RunningDemoStore = { ...store, url, webhookUrl };
  if (opts.registerWebhook !== false) {
    try {
      await store.registerWebhook(webhookUrl);
      store.app.log.info({ webhookUrl }, 'webhook endpoint registered with the sandbox');
    } catch (e: unknown) {
      running.webhookRegistrationError = e instanceof Error ? e : new Error(String(e));
      store.app.log.warn({ err: running.webhookRegistrationError.message }, 'webhook registration failed');
    }
  }
  return running;
}

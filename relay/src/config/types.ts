/**
 * The relay's resolved configuration. Loaded from environment variables and an optional JSON file by
 * `loadConfig` (relay/src/config/load-config.ts), validated once at start-up; every key is listed in
 * docs/configuration.md.
 */

/** Client credentials of one partner for one upstream environment. Never sent to browsers or logged. */
export interface PartnerCredentials {
  /** Avvance client key (Basic username on the token endpoint). */
  clientKey: string;
  /** Avvance client secret. */
  clientSecret: string;
}

/** One Avvance upstream (the embedded sandbox, Avvance UAT, production…). */
export interface UpstreamEnvironment {
  /** Name used in URLs and requests (`sandbox`, `uat`, `production`): `[a-z0-9-]{1,32}`. */
  name: string;
  /**
   * Origin of the Avvance API, e.g. `https://alpha-api2.usbank.com`. The special value `embedded` means
   * the relay's own sandbox, reached over loopback at the relay's listening address.
   */
  baseUrl: string;
  /** Token endpoint URL; defaults to `<baseUrl>/auth/oauth2/v1/token` (auth hosts may differ in UAT). */
  tokenUrl?: string;
  /** True for production: only admins may replay against it. Defaults to false. */
  production: boolean;
  /** Credentials per partner id. */
  credentials: Record<string, PartnerCredentials>;
  /** Upstream request timeout in ms. Defaults to 10 000. */
  timeoutMs: number;
}

/** How a partner's webhooks must authenticate when Avvance (or the sandbox) posts them to the relay. */
export type WebhookAuthConfig =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | {
      type: 'hmac';
      secret: string;
      toleranceSeconds: number;
      /**
       * `true` (default): the signature covers `timestamp + "." + body` and `X-Avvance-Timestamp` must be
       * within the tolerance. `false`: the body alone is signed (the plugin-side scheme the sandbox sends by
       * default); a replay is then caught only by the 10-minute duplicate window.
       */
      timestamped: boolean;
    };

/** A partner known to the relay. */
export interface PartnerConfig {
  /** Avvance `partner-ID`. */
  id: string;
  /** Display name. Defaults to the id. */
  name: string;
  /** Relay API keys a partner backend uses for the pass-through (`Authorization: Bearer <key>` or `X-Relay-Key`). */
  apiKeys: string[];
  /** Webhook receiver settings for `POST /v1/webhooks/:partnerId`. Absent: webhooks refused. */
  webhook?: WebhookAuthConfig;
  /** Local URL to forward received webhooks to (the developer's backend). Absent: no forwarding. */
  webhookForwardUrl?: string;
  /** Session that pass-through and webhook exchanges go to when the caller names none. Defaults to `default`. */
  defaultSession: string;
}

/** OIDC login settings (mode `oidc`). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** ID-token claim holding the role (`developer` | `admin`). Defaults to `avvance_role`. */
  roleClaim: string;
  /** ID-token claim holding the partner id. Defaults to `avvance_partner`. */
  partnerClaim: string;
  /** Scopes requested. Defaults to `openid profile email`. */
  scopes: string[];
}

/** Everything the relay needs, with defaults applied. */
export interface RelayConfig {
  /** Interface to bind. Defaults to `127.0.0.1`. */
  host: string;
  /** Port. Defaults to 8787. */
  port: number;
  /** Public origin used in share URLs and OAuth callbacks. Defaults to `http://<host>:<port>`. */
  publicUrl: string;
  /**
   * `local`: tokens are issued without an identity provider, only to loopback clients (the `npm start`
   * default). `oidc`: OAuth2/OIDC authorization-code login with PKCE.
   */
  mode: 'local' | 'oidc';
  jwt: {
    /** HS256 secret, ≥ 32 characters. Defaults to a random secret per process in local mode. */
    secret: string;
    /** Access-token lifetime in seconds. Defaults to 900. */
    ttlSeconds: number;
    /** Refresh-token lifetime in seconds. Defaults to 28 800 (8 h). */
    refreshTtlSeconds: number;
  };
  oidc?: OidcConfig;
  /** Upstream environments; the first is the default. Defaults to one, `sandbox` = `embedded`. */
  environments: UpstreamEnvironment[];
  partners: PartnerConfig[];
  /** Whether the embedded sandbox is mounted. Defaults to true. */
  sandbox: boolean;
  limits: {
    /** Largest replay/proxy/webhook body in bytes. Defaults to 1 MiB. */
    bodyBytes: number;
    /** Requests per partner per minute on replay/proxy. Defaults to 600. */
    ratePerMinute: number;
    /** Events kept per session for resume. Defaults to 1 000. */
    backlogEvents: number;
    /** Bytes kept per session backlog. Defaults to 8 MiB. */
    backlogBytes: number;
    /**
     * Event-loop delay in ms above which requests are shed with 503 + Retry-After (@fastify/under-pressure);
     * 0 disables. Defaults to 1 000. (Added by the auth/ops helper; optional so literal configs keep compiling.)
     */
    maxEventLoopDelayMs?: number;
  };
  /** Extra endpoints refused for replay, as `METHOD /path` (in addition to OpenAPI `x-replay-blocked`). */
  replayBlocked: string[];
  /** pino level. Defaults to `info`. */
  logLevel: string;
  /** Redis URL for the multi-instance backplane. Absent: single instance, in memory. */
  redisUrl?: string;
  /**
   * Extra browser origins allowed by CORS, besides `chrome-extension://*`, `moz-extension://*` and the
   * relay's own `publicUrl`. Defaults to none.
   */
  corsOrigins?: string[];
  /** Longest wait for in-flight requests on shutdown, ms, before sockets are closed anyway. Defaults to 10 000. */
  shutdownTimeoutMs?: number;
  /**
   * OpenTelemetry tracing (relay/src/tracing): `endpoint` is the OTLP/HTTP base URL (spans go to
   * `<endpoint>/v1/traces`); absent: tracing off. `serviceName` defaults to `avvance-relay`.
   */
  otel?: { endpoint?: string; serviceName?: string };
}

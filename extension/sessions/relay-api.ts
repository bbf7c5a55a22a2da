/**
 * The few relay REST calls team sessions need (docs/relay.md). Pure `fetch`: used by the panel
 * (token from extension storage) and by the web viewer page (same-origin local sign-in).
 */

/** `SessionInfo` as the relay returns it. */
export interface SessionInfo {
  id: string;
  partnerId: string;
  name: string;
  /** `<publicUrl>/s/<id>`: what teammates paste to join. */
  shareUrl: string;
  createdBy: string;
  createdAt: string;
  head: number;
  members: number;
}

/** Where the relay is and how to get a token for it. */
export interface RelayAccess {
  /** Relay base URL, e.g. `http://127.0.0.1:8787` (no trailing slash needed). */
  relayUrl(): string | Promise<string>;
  /** A current access token (refreshing or signing in as needed). */
  token(): Promise<string>;
  /** Forgets the cached token (the relay said 401); the next `token()` signs in or refreshes. */
  invalidate?(): void;
}

/** A relay answer that was not 2xx: the relay's coded error when it sent one. */
export class RelayHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RelayHttpError';
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

async function relayFetch<T>(access: RelayAccess, path: string, init: RequestInit = {}): Promise<T> {
  const base = trimSlash(await access.relayUrl());
  const token = await access.token();
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new RelayHttpError(response.status, err?.code ?? `HTTP_${response.status}`, err?.message ?? text);
  }
  return body as T;
}

/** `POST /v1/sessions`: a new team session. */
export function createSession(access: RelayAccess, name?: string): Promise<SessionInfo> {
  return relayFetch(access, '/v1/sessions', { method: 'POST', body: JSON.stringify(name ? { name } : {}) });
}

/** `GET /v1/sessions/:id` (`default`: the partner's stream of proxy, replay and webhook calls). */
export function getSession(access: RelayAccess, id: string): Promise<SessionInfo> {
  return relayFetch(access, `/v1/sessions/${encodeURIComponent(id)}`);
}

/** What a pasted share URL (or bare id) points at. */
export type ShareTarget = { ok: true; relayUrl?: string; sessionId: string } | { ok: false; reason: string };

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Reads a share URL (`http://relay/s/<id>`) or a bare session id. Never throws: a bad paste is
 * reported as data.
 */
export function parseShareUrl(text: string): ShareTarget {
  const input = text.trim();
  if (SESSION_ID.test(input)) return { ok: true, sessionId: input };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'Not a share URL or session id' };
  }
  const match = /^\/s\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/?$/.exec(url.pathname);
  if (!match || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return { ok: false, reason: 'A share URL looks like http://relay/s/<session id>' };
  return { ok: true, relayUrl: url.origin, sessionId: match[1]! };
}

/** `ws(s)://relay/v1/sessions/<id>/stream?access_token=…` (browsers cannot set WebSocket headers). */
export function streamUrl(relayUrl: string, sessionId: string, token: string): string {
  const url = new URL(`${trimSlash(relayUrl)}/v1/sessions/${encodeURIComponent(sessionId)}/stream`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('access_token', token);
  return url.toString();
}

/** Token pair answer of `POST /v1/auth/local`. */
interface TokenPair {
  accessToken: string;
  expiresIn: number;
}

/**
 * {@link RelayAccess} that signs in with `POST /v1/auth/local` (local mode, loopback relay) and keeps
 * the token until shortly before it expires. `name` is the display name teammates see.
 */
export function localRelayAccess(relayUrl: string, name?: string, now: () => number = Date.now): RelayAccess {
  let cached: { token: string; until: number } | undefined;
  return {
    relayUrl: () => relayUrl,
    async token() {
      if (cached && cached.until > now()) return cached.token;
      const response = await fetch(`${trimSlash(relayUrl)}/v1/auth/local`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(name ? { name } : {}),
      });
      if (!response.ok) throw new RelayHttpError(response.status, 'SIGN_IN', 'Local sign-in refused');
      const pair = (await response.json()) as TokenPair;
      // Renew a minute early so a reconnect never presents an expired token.
      cached = { token: pair.accessToken, until: now() + Math.max(0, pair.expiresIn - 60) * 1000 };
      return pair.accessToken;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

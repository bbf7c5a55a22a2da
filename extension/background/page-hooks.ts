import { MAX_RECORDED_BODY_CHARS, type RecordedCall } from './recorded-call.ts';

/** The parts of a page's `window` the hooks touch; tests pass plain objects. */
export interface HookTarget {
  fetch?: (input: unknown, init?: unknown) => Promise<unknown>;
  XMLHttpRequest?: { prototype: object };
  location: { href: string };
}

/** Options of {@link installNetworkHooks}. */
export interface NetworkHookOptions {
  /** Receives each finished Avvance call. Exceptions are swallowed. */
  emit(call: RecordedCall): void;
  /** Decides from the absolute URL whether a call is recorded (nothing is read for other calls). */
  isAvvance(url: string): boolean;
  /** Clock, epoch ms. Defaults to `Date.now`. */
  now?: () => number;
}

const INSTALLED = Symbol.for('avvance-workbench.network-hooks');

interface FetchResponseLike {
  status: number;
  headers?: { forEach(cb: (value: string, name: string) => void): void };
  clone(): { text(): Promise<string> };
}

interface RequestLike {
  url: string;
  method?: string;
  headers?: unknown;
  clone?(): { text(): Promise<string> };
}

function absoluteUrl(raw: unknown, base: string): string | undefined {
  try {
    const text = typeof raw === 'string' ? raw : raw instanceof URL ? raw.href : (raw as RequestLike)?.url;
    return typeof text === 'string' ? new URL(text, base).href : undefined;
  } catch {
    return undefined;
  }
}

function headerRecord(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined || raw === null) return out;
  try {
    const put = (name: string, value: string): void => {
      const key = String(name).toLowerCase();
      out[key] = out[key] === undefined ? String(value) : `${out[key]}, ${value}`;
    };
    const withForEach = raw as { forEach?: unknown };
    if (Array.isArray(raw)) for (const [n, v] of raw as [string, string][]) put(n, v);
    else if (typeof withForEach.forEach === 'function' && !(raw instanceof Map))
      (raw as { forEach(cb: (v: string, n: string) => void): void }).forEach((v, n) => {
        put(n, v);
      });
    else if (typeof raw === 'object') for (const [n, v] of Object.entries(raw)) put(n, String(v));
  } catch {
    // Exotic header containers: record none rather than disturb the call.
  }
  return out;
}

/** Text of a request body when it is text already; `undefined` for streams, blobs and forms. */
function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return body.toString();
  return undefined;
}

function capped(text: string): { body?: string; tooLarge?: true } {
  return text.length > MAX_RECORDED_BODY_CHARS ? { tooLarge: true } : { body: text };
}

function safeEmit(options: NetworkHookOptions, call: RecordedCall): void {
  try {
    options.emit(call);
  } catch {
    // The page must never notice the recorder.
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function wrapFetch(target: HookTarget, options: NetworkHookOptions, now: () => number): void {
  const original = target.fetch;
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
    let url: string | undefined;
    let startedAt = 0;
    let method = 'GET';
    let requestHeaders: Record<string, string> = {};
    let requestBody: Promise<string | undefined> = Promise.resolve(undefined);
    try {
      const [input, init] = args as [
        unknown,
        { method?: string; headers?: unknown; body?: unknown } | undefined,
      ];
      url = absoluteUrl(input, target.location.href);
      if (url !== undefined && options.isAvvance(url)) {
        startedAt = now();
        const req =
          typeof input === 'object' && input !== null && !(input instanceof URL)
            ? (input as RequestLike)
            : undefined;
        method = String(init?.method ?? req?.method ?? 'GET').toUpperCase();
        requestHeaders = headerRecord(init?.headers ?? req?.headers);
        if (init?.body !== undefined && init.body !== null)
          requestBody = Promise.resolve(bodyText(init.body));
        else if (req?.clone)
          requestBody = req
            .clone()
            .text()
            .catch(() => undefined);
      } else url = undefined;
    } catch {
      url = undefined;
    }
    // The page's own call, exactly as it made it: same `this`, arguments, promise and errors.
    const result = original.apply(this, args as [unknown, unknown?]);
    if (url === undefined) return result;
    const base = { via: 'fetch' as const, method, url, requestHeaders, startedAt };
    try {
      result.then(
        (value) => {
          try {
            const res = value as FetchResponseLike;
            const responseHeaders = headerRecord(res.headers);
            const finish = (text: string | undefined): void => {
              void requestBody.then((reqBody) => {
                const body = text === undefined ? {} : capped(text);
                safeEmit(options, {
                  ...base,
                  ...(reqBody !== undefined ? { requestBody: reqBody } : {}),
                  status: res.status,
                  responseHeaders,
                  ...(body.body !== undefined ? { responseBody: body.body } : {}),
                  ...(body.tooLarge ? { responseBodyTooLarge: true } : {}),
                  duration: now() - startedAt,
                });
              });
            };
            res
              .clone()
              .text()
              .then(finish, () => finish(undefined));
          } catch {
            // An opaque or already-used response: nothing to record.
          }
        },
        (e: unknown) => {
          void requestBody.then((reqBody) =>
            safeEmit(options, {
              ...base,
              ...(reqBody !== undefined ? { requestBody: reqBody } : {}),
              status: 0,
              responseHeaders: {},
              duration: now() - startedAt,
              error: errorText(e),
            }),
          );
        },
      );
    } catch {
      // `result` is not a promise (a page that replaced fetch): nothing to record.
    }
    return result;
  };
  try {
    Object.defineProperty(wrapped, 'name', { value: original.name });
  } catch {
    // Name is cosmetic.
  }
  target.fetch = wrapped as HookTarget['fetch'];
}

interface XhrState {
  method: string;
  url?: string;
  headers: Record<string, string>;
}

interface XhrLike {
  status: number;
  responseType?: string;
  responseText?: string;
  response?: unknown;
  getAllResponseHeaders?(): string;
  addEventListener(type: string, listener: () => void): void;
}

function parseRawHeaders(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const name = line.slice(0, at).trim().toLowerCase();
    const value = line.slice(at + 1).trim();
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}

function xhrResponseText(xhr: XhrLike): string | undefined {
  const type = xhr.responseType ?? '';
  if (type === '' || type === 'text') return xhr.responseText;
  if (type === 'json') return xhr.response === null ? undefined : JSON.stringify(xhr.response);
  return undefined;
}

function wrapXhr(target: HookTarget, options: NetworkHookOptions, now: () => number): void {
  const proto = target.XMLHttpRequest?.prototype as
    | {
        open?: (...a: unknown[]) => unknown;
        setRequestHeader?: (...a: unknown[]) => unknown;
        send?: (...a: unknown[]) => unknown;
      }
    | undefined;
  if (!proto || typeof proto.open !== 'function' || typeof proto.send !== 'function') return;
  const { open, setRequestHeader, send } = proto;
  const states = new WeakMap<object, XhrState>();

  proto.open = function (this: object, ...args: unknown[]): unknown {
    try {
      const url = absoluteUrl(args[1], target.location.href);
      if (url !== undefined && options.isAvvance(url))
        states.set(this, { method: String(args[0] ?? 'GET').toUpperCase(), url, headers: {} });
      else states.delete(this);
    } catch {
      states.delete(this);
    }
    return open.apply(this, args);
  };
  if (typeof setRequestHeader === 'function') {
    proto.setRequestHeader = function (this: object, ...args: unknown[]): unknown {
      const result = setRequestHeader.apply(this, args);
      try {
        const state = states.get(this);
        if (state) {
          const name = String(args[0]).toLowerCase();
          const value = String(args[1]);
          state.headers[name] =
            state.headers[name] === undefined ? value : `${state.headers[name]}, ${value}`;
        }
      } catch {
        // Recording only.
      }
      return result;
    };
  }
  proto.send = function (this: object, ...args: unknown[]): unknown {
    try {
      const state = states.get(this);
      if (state?.url !== undefined) {
        const xhr = this as XhrLike;
        const startedAt = now();
        const requestBody = bodyText(args[0]);
        const url = state.url;
        let done = false;
        const finish = (error?: string): void => {
          if (done) return;
          done = true;
          try {
            const text = error === undefined ? xhrResponseText(xhr) : undefined;
            const body = text === undefined ? {} : capped(text);
            safeEmit(options, {
              via: 'xhr',
              method: state.method,
              url,
              requestHeaders: { ...state.headers },
              ...(requestBody !== undefined ? { requestBody } : {}),
              status: error === undefined ? xhr.status : 0,
              responseHeaders: parseRawHeaders(xhr.getAllResponseHeaders?.() ?? ''),
              ...(body.body !== undefined ? { responseBody: body.body } : {}),
              ...(body.tooLarge ? { responseBodyTooLarge: true } : {}),
              startedAt,
              duration: now() - startedAt,
              ...(error !== undefined ? { error } : {}),
            });
          } catch {
            // Recording only.
          }
        };
        xhr.addEventListener('load', () => finish());
        xhr.addEventListener('error', () => finish('Network error'));
        xhr.addEventListener('abort', () => finish('Aborted'));
        xhr.addEventListener('timeout', () => finish('Timed out'));
      }
    } catch {
      // Recording only.
    }
    return send.apply(this, args);
  };
}

/**
 * Wraps the page's `fetch` and `XMLHttpRequest` so every finished Avvance call is passed to
 * `options.emit`, without changing what the page sees: same arguments, `this`, return values,
 * promises, errors and events; responses are `clone()`d, so the page's own reads (streaming included)
 * are untouched. Nothing is read for calls `isAvvance` rejects. Never throws. Installs once per
 * target (a second call is a no-op and returns `false`).
 */
export function installNetworkHooks(target: HookTarget, options: NetworkHookOptions): boolean {
  const marked = target as unknown as Record<symbol, unknown>;
  if (marked[INSTALLED]) return false;
  try {
    Object.defineProperty(target, INSTALLED, { value: true });
  } catch {
    return false;
  }
  const now = options.now ?? (() => Date.now());
  try {
    wrapFetch(target, options, now);
  } catch {
    // Leave fetch alone if it cannot be wrapped.
  }
  try {
    wrapXhr(target, options, now);
  } catch {
    // Leave XMLHttpRequest alone if it cannot be wrapped.
  }
  return true;
}

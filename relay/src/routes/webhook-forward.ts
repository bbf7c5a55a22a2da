import type { IncomingHttpHeaders } from 'node:http';

/** Default timeout of a forward to the developer's backend, ms. */
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;
/** Largest forward response body kept for the timeline, bytes. */
export const MAX_FORWARD_RESPONSE_BYTES = 256 * 1024;

const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'proxy-authorization',
  'te',
  'trailer',
  'expect',
]);

/** What the developer's backend answered, or why the forward failed. */
export type ForwardResult =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      body: string;
      truncated: boolean;
      durationMs: number;
    }
  | { ok: false; error: string; durationMs: number };

/**
 * The headers forwarded: Avvance's own, unchanged (Authorization, Correlation-ID, X-Webhook-Signature,
 * X-Avvance-Timestamp…), so the backend verifies the delivery exactly as Avvance sent it; hop-by-hop
 * headers dropped.
 */
export function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** POSTs the raw delivery to `url`; never throws, never follows redirects. */
export async function forwardDelivery(
  url: string,
  headers: Record<string, string>,
  rawBody: Buffer,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<ForwardResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: new Uint8Array(rawBody),
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const { text, truncated } = await readCapped(res, MAX_FORWARD_RESPONSE_BYTES);
    const resHeaders: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      resHeaders[name] = value;
    });
    return {
      ok: true,
      status: res.status,
      headers: resHeaders,
      body: text,
      truncated,
      durationMs: elapsed(),
    };
  } catch (e: unknown) {
    const name = e instanceof Error ? e.name : '';
    const cause =
      e instanceof Error && e.cause instanceof Error ? (e.cause as NodeJS.ErrnoException).code : undefined;
    const error =
      name === 'TimeoutError'
        ? `timed out after ${timeoutMs} ms`
        : name === 'AbortError'
          ? 'aborted (relay shutting down)'
          : `network error${cause ? ` (${cause})` : ''}`;
    return { ok: false, error, durationMs: elapsed() };
  }
}

async function readCapped(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return { text: '', truncated: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

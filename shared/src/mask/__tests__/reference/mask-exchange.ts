import type { Exchange } from '../../../model/exchange.ts';
import type { HeaderMap, RequestLog, ResponseLog } from '../../../model/logs.ts';
import { maskBodyIn } from './mask-body.ts';
import { type MaskContext, RawSegment } from './mask-context.ts';
import { maskHeadersIn } from './mask-headers.ts';
import { maskUrlIn } from './mask-url.ts';
import { maskFreeText, maskStringByRule } from './mask-value.ts';

function at<T>(ctx: MaskContext, segment: string, fn: () => T): T {
  ctx.push(new RawSegment(segment));
  try {
    return fn();
  } finally {
    ctx.pop();
  }
}

/** The `Content-Type` header value, whatever the header name's casing. */
export function contentTypeOf(headers: HeaderMap | undefined): string | undefined {
  if (headers === undefined) return undefined;
  if (headers['content-type'] !== undefined) return headers['content-type'];
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'content-type') return headers[name];
  }
  return undefined;
}

function maskQueryRecord(ctx: MaskContext, query: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(query)) {
    const value = query[key]!;
    ctx.push(new RawSegment(`query:${key}`));
    const rule = ctx.rules.resolve(key, '');
    out[key] =
      typeof value !== 'string'
        ? value
        : rule?.action === 'url'
          ? maskUrlIn(ctx, value)
          : maskStringByRule(ctx, rule, value);
    ctx.pop();
  }
  return out;
}

function maskRequest(ctx: MaskContext, req: RequestLog): RequestLog {
  const out: RequestLog = {
    ...req,
    url: at(ctx, 'url', () => maskUrlIn(ctx, req.url)),
    headers: maskHeadersIn(ctx, req.headers),
  };
  if (req.query !== undefined) out.query = maskQueryRecord(ctx, req.query);
  if ('body' in req) out.body = at(ctx, 'body', () => maskBodyIn(ctx, req.body, contentTypeOf(req.headers)));
  return out;
}

function maskResponse(ctx: MaskContext, res: ResponseLog): ResponseLog {
  const out: ResponseLog = {
    ...res,
    url: at(ctx, 'url', () => maskUrlIn(ctx, res.url)),
    headers: maskHeadersIn(ctx, res.headers),
  };
  if ('body' in res) out.body = at(ctx, 'body', () => maskBodyIn(ctx, res.body, contentTypeOf(res.headers)));
  if (res.error !== undefined) {
    const error = res.error;
    out.error = at(ctx, 'error', () => maskFreeText(ctx, error, 'all', 'offsets'));
  }
  return out;
}

/**
 * Masks an exchange under the current path: request and response URL, headers, query and body,
 * and the response error text; sets `masked: true`. Findings start with `request.` or `response.`
 * (`request.header:authorization`, `request.body.consumer.email`, `response.url.query:id`).
 * Everything else (ids, timings, statuses, `partnerId`, `userId`) is copied. Already-masked
 * exchanges are masked again (the relay does not trust a client's `masked` flag); the result is
 * unchanged because masking is idempotent.
 */
export function maskExchangeIn(ctx: MaskContext, exchange: Exchange): Exchange {
  const out: Exchange = {
    ...exchange,
    request: at(ctx, 'request', () => maskRequest(ctx, exchange.request)),
    masked: true,
  };
  const response = exchange.response;
  if (response !== undefined) out.response = at(ctx, 'response', () => maskResponse(ctx, response));
  return out;
}

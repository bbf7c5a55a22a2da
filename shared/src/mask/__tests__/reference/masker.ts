import type { Exchange } from '../../../model/exchange.ts';
import { maskBodyIn } from './mask-body.ts';
import { MaskContext } from './mask-context.ts';
import { maskExchangeIn } from './mask-exchange.ts';
import { maskHeadersIn } from './mask-headers.ts';
import { walkJson } from './mask-json.ts';
import { maskUrlIn } from './mask-url.ts';
import { maskFreeText } from './mask-value.ts';
import type { MaskKind, MaskOptions, MaskResult } from './types.ts';

/**
 * A masking session bound to one {@link MaskOptions}: key rules and tokens are cached across calls,
 * so masking a stream of exchanges hashes each distinct value once. Not re-entrant (calls are
 * synchronous). Throws a `TypeError` at construction when `opts.salt` is empty.
 */
export class Masker {
  readonly #ctx: MaskContext;

  constructor(opts: MaskOptions) {
    this.#ctx = new MaskContext(opts);
  }

  /** See {@link maskJson}. */
  json(value: unknown): MaskResult<unknown> {
    return this.#run(() => walkJson(this.#ctx, value, undefined, '', 0));
  }

  /** See {@link maskText}. */
  text(text: string): MaskResult<string> {
    return this.#run(() => maskFreeText(this.#ctx, text, 'all', 'offsets'));
  }

  /** See {@link maskHeaders}. */
  headers(headers: Readonly<Record<string, string>>): MaskResult<Record<string, string>> {
    return this.#run(() => maskHeadersIn(this.#ctx, headers));
  }

  /** See {@link maskUrl}. */
  url(url: string): MaskResult<string> {
    return this.#run(() => maskUrlIn(this.#ctx, url));
  }

  /** See {@link maskBody}. */
  body(body: unknown, contentType: string | undefined): MaskResult<unknown> {
    return this.#run(() => maskBodyIn(this.#ctx, body, contentType));
  }

  /** See {@link maskExchange}. */
  exchange(exchange: Exchange): MaskResult<Exchange> {
    return this.#run(() => maskExchangeIn(this.#ctx, exchange));
  }

  /** The deterministic token this session gives `value` as a `kind` (e.g. to search masked data). */
  token(kind: MaskKind, value: string): string {
    return this.#ctx.minter.token(kind, value);
  }

  #run<T>(fn: () => T): MaskResult<T> {
    this.#ctx.begin();
    const value = fn();
    const findings = this.#ctx.findings;
    this.#ctx.begin();
    return { value, findings };
  }
}

const maskers = new WeakMap<MaskOptions, Masker>();

/**
 * The {@link Masker} for an options object, created on first use and cached per object (so reuse
 * one options object per session; treat it as immutable once used).
 */
export function maskerFor(opts: MaskOptions): Masker {
  let m = maskers.get(opts);
  if (m === undefined) {
    m = new Masker(opts);
    maskers.set(opts, m);
  }
  return m;
}

/**
 * Masks a JSON value: key-aware rules first (secrets redacted, PII keys tokenised, known ids and
 * amounts kept), value shapes for everything else. Keys, array lengths, nesting, `null`, booleans
 * and non-PII numbers are preserved; a masked number becomes a string token. Findings use paths
 * like `consumer.email` and `metadata[0].value` (`''` for a root primitive).
 */
export function maskJson(value: unknown, opts: MaskOptions): MaskResult<unknown> {
  return maskerFor(opts).json(value);
}

/** Masks free text by value shape only; findings are `text@<offset>` into the original text. */
export function maskText(text: string, opts: MaskOptions): MaskResult<string> {
  return maskerFor(opts).text(text);
}

/** Masks a header map (see `maskHeadersIn` for the per-header policy); findings `header:<name>`. */
export function maskHeaders(
  headers: Readonly<Record<string, string>>,
  opts: MaskOptions,
): MaskResult<Record<string, string>> {
  return maskerFor(opts).headers(headers);
}

/**
 * Masks a URL: query values by key and shape, path segments and fragment by shape, userinfo
 * redacted; scheme, host and port kept. Relative and unparsable input is handled as a path and
 * never throws. Findings `query:<key>`, `path[i]`, `fragment`, `userinfo`.
 */
export function maskUrl(url: string, opts: MaskOptions): MaskResult<string> {
  return maskerFor(opts).url(url);
}

/**
 * Masks a request or response body: parsed JSON, JSON text, form-encoded text or plain text,
 * chosen by `contentType` (see `maskBodyIn`). String bodies stay strings.
 */
export function maskBody(
  body: unknown,
  contentType: string | undefined,
  opts: MaskOptions,
): MaskResult<unknown> {
  return maskerFor(opts).body(body, contentType);
}

/**
 * Masks a whole exchange and sets `masked: true`; findings are prefixed `request.`/`response.`.
 * Idempotent: masking a masked exchange returns an equal exchange.
 */
export function maskExchange(exchange: Exchange, opts: MaskOptions): MaskResult<Exchange> {
  return maskerFor(opts).exchange(exchange);
}

import type { Exchange } from '../model/exchange.ts';
import { maskBodyIn } from './mask-body.ts';
import { MaskContext } from './mask-context.ts';
import { maskExchangeIn } from './mask-exchange.ts';
import { maskHeadersIn } from './mask-headers.ts';
import { walkJson } from './mask-json.ts';
import { maskUrlIn } from './mask-url.ts';
import { maskFreeText } from './mask-value.ts';
import type { MaskCallOptions, MaskKind, MaskOptions, MaskResult } from './types.ts';

/**
 * A masking session bound to one {@link MaskOptions}: key rules and tokens are cached across calls,
 * so masking a stream of exchanges hashes each distinct value once. Not re-entrant (calls are
 * synchronous). Throws a `TypeError` at construction when `opts.salt` is empty. Every method takes
 * optional {@link MaskCallOptions}: `{ findings: false }` when only the value is used (cheaper),
 * `{ inPlace: true }` to mask a tree the caller owns without copying it.
 */
export class Masker {
  readonly #ctx: MaskContext;

  constructor(opts: MaskOptions) {
    this.#ctx = new MaskContext(opts);
  }

  /** See {@link maskJson}. */
  json(value: unknown, call?: MaskCallOptions): MaskResult<unknown> {
    const inPlace = call?.inPlace === true;
    return this.#run(call, () => walkJson(this.#ctx, value, undefined, '', 0, inPlace));
  }

  /** See {@link maskText}. */
  text(text: string, call?: MaskCallOptions): MaskResult<string> {
    return this.#run(call, () => maskFreeText(this.#ctx, text, 'all', 'offsets'));
  }

  /** See {@link maskHeaders}. */
  headers(
    headers: Readonly<Record<string, string>>,
    call?: MaskCallOptions,
  ): MaskResult<Record<string, string>> {
    return this.#run(call, () => maskHeadersIn(this.#ctx, headers));
  }

  /** See {@link maskUrl}. */
  url(url: string, call?: MaskCallOptions): MaskResult<string> {
    return this.#run(call, () => maskUrlIn(this.#ctx, url));
  }

  /** See {@link maskBody}. */
  body(body: unknown, contentType: string | undefined, call?: MaskCallOptions): MaskResult<unknown> {
    const inPlace = call?.inPlace === true;
    return this.#run(call, () => maskBodyIn(this.#ctx, body, contentType, inPlace));
  }

  /** See {@link maskExchange}. */
  exchange(exchange: Exchange, call?: MaskCallOptions): MaskResult<Exchange> {
    const inPlace = call?.inPlace === true;
    return this.#run(call, () => maskExchangeIn(this.#ctx, exchange, inPlace));
  }

  /** The deterministic token this session gives `value` as a `kind` (e.g. to search masked data). */
  token(kind: MaskKind, value: string): string {
    return this.#ctx.minter.token(kind, value);
  }

  #run<T>(call: MaskCallOptions | undefined, fn: () => T): MaskResult<T> {
    this.#ctx.begin(call?.findings !== false);
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
export function maskJson(value: unknown, opts: MaskOptions, call?: MaskCallOptions): MaskResult<unknown> {
  return maskerFor(opts).json(value, call);
}

/** Masks free text by value shape only; findings are `text@<offset>` into the original text. */
export function maskText(text: string, opts: MaskOptions, call?: MaskCallOptions): MaskResult<string> {
  return maskerFor(opts).text(text, call);
}

/** Masks a header map (see `maskHeadersIn` for the per-header policy); findings `header:<name>`. */
export function maskHeaders(
  headers: Readonly<Record<string, string>>,
  opts: MaskOptions,
  call?: MaskCallOptions,
): MaskResult<Record<string, string>> {
  return maskerFor(opts).headers(headers, call);
}

/**
 * Masks a URL: query values by key and shape, path segments and fragment by shape, userinfo
 * redacted; scheme, host and port kept. Relative and unparsable input is handled as a path and
 * never throws. Findings `query:<key>`, `path[i]`, `fragment`, `userinfo`.
 */
export function maskUrl(url: string, opts: MaskOptions, call?: MaskCallOptions): MaskResult<string> {
  return maskerFor(opts).url(url, call);
}

/**
 * Masks a request or response body: parsed JSON, JSON text, form-encoded text or plain text,
 * chosen by `contentType` (see `maskBodyIn`). String bodies stay strings.
 */
export function maskBody(
  body: unknown,
  contentType: string | undefined,
  opts: MaskOptions,
  call?: MaskCallOptions,
): MaskResult<unknown> {
  return maskerFor(opts).body(body, contentType, call);
}

/**
 * Masks a whole exchange and sets `masked: true`; findings are prefixed `request.`/`response.`.
 * Idempotent: masking a masked exchange returns an equal exchange.
 */
export function maskExchange(
  exchange: Exchange,
  opts: MaskOptions,
  call?: MaskCallOptions,
): MaskResult<Exchange> {
  return maskerFor(opts).exchange(exchange, call);
}

/** Snippets of a captured exchange, masked unless the caller explicitly asks for the originals. */
import { createMaskSalt, type MaskOptions, maskExchange } from '../mask/index.ts';
import type { Exchange } from '../model/exchange.ts';
import type { RequestLog } from '../model/logs.ts';
import { type CurlRenderOptions, requestToCurl } from './curl.ts';
import { requestToFetch } from './fetch.ts';

/** Options common to every exchange snippet. */
export interface SnippetOptions {
  /**
   * Masking of PII and secrets. Pass the session's options so tokens match the ones shown in the
   * panel, or `false` to copy the original values (only for the user's own clipboard). Defaults to
   * masking with a one-off random salt (safe, but tokens differ from the panel's).
   */
  mask?: MaskOptions | false;
}

/** Options of {@link toCurl}. */
export interface CurlOptions extends SnippetOptions, Pick<CurlRenderOptions, 'shell'> {}

/**
 * The request to render: the original when `mask` is `false` or the exchange is already masked,
 * otherwise a masked copy (the input is not mutated).
 */
export function snippetRequest(exchange: Exchange, mask: MaskOptions | false | undefined): RequestLog {
  if (mask === false || exchange.masked) return exchange.request;
  // Only the request is rendered: leave the response out of the masking work.
  const { response: _response, ...requestOnly } = exchange;
  return maskExchange(requestOnly, mask ?? { salt: createMaskSalt() }).value.request;
}

/** Copy as cURL: the exchange's request as a bash command, masked by default (see {@link requestToCurl}). */
export function toCurl(exchange: Exchange, opts: CurlOptions = {}): string {
  const render: CurlRenderOptions = { bodyStatus: exchange.requestBodyStatus };
  if (opts.shell !== undefined) render.shell = opts.shell;
  return requestToCurl(snippetRequest(exchange, opts.mask), render);
}

/** Copy as fetch: the exchange's request as a `fetch` call, masked by default (see {@link requestToFetch}). */
export function toFetch(exchange: Exchange, opts: SnippetOptions = {}): string {
  return requestToFetch(snippetRequest(exchange, opts.mask), { bodyStatus: exchange.requestBodyStatus });
}

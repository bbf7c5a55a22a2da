/** Copy as cURL and as fetch: masked exchange snippets and the request renderers beneath them. */
export { type CurlRenderOptions, requestToCurl } from './curl.ts';
export {
  type CurlOptions,
  type SnippetOptions,
  snippetRequest,
  toCurl,
  toFetch,
} from './exchange-snippet.ts';
export { type FetchRenderOptions, requestToFetch } from './fetch.ts';
export { quotePosix } from './shell-quote.ts';

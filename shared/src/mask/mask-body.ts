import type { MaskContext } from './mask-context.ts';
import { maskHtmlInputsIn } from './mask-html.ts';
import { walkJson } from './mask-json.ts';
import { maskQueryIn } from './mask-url.ts';
import { maskFreeText } from './mask-value.ts';

const FORM_SHAPE = /^[\w.~%+[\]-]+=[^&\s]*(?:&[\w.~%+[\]-]+=[^&\s]*)*$/;

function looksLikeJsonText(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function maskTextBody(ctx: MaskContext, body: string): string {
  return maskFreeText(ctx, body, 'all', 'offsets');
}

function maskJsonText(ctx: MaskContext, body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e: unknown) {
    if (!(e instanceof SyntaxError)) throw e;
    return maskTextBody(ctx, body);
  }
  const before = ctx.changes;
  // Our own parse: mask it in place rather than copying it.
  const masked = walkJson(ctx, parsed, undefined, '', 0, true);
  // Untouched bodies keep their exact bytes (formatting, key order, number spelling).
  if (ctx.changes === before) return body;
  return body.includes('\n') ? JSON.stringify(masked, null, 2) : JSON.stringify(masked);
}

/**
 * Masks a body under the current path, by what it is:
 * - not a string (already-parsed JSON, numbers…): masked as JSON (in place when `inPlace`, see
 *   `walkJson`);
 * - a string with a JSON content type (`application/json`, `*+json`), or no content type and
 *   `{`/`[` first: parsed and masked as JSON, returned as a string (re-serialised only when
 *   something changed; unparsable JSON is scanned as text);
 * - `application/x-www-form-urlencoded`, or no content type and an `a=1&b=2` shape: masked per
 *   field like a query string (findings `form:<key>`);
 * - `text/html`: `<input>` values masked by their name/id like JSON keys (findings `html:<name>`),
 *   then scanned as text;
 * - anything else: scanned as plain text (findings `text@<offset>`).
 * `undefined` and `null` are returned as they are.
 */
export function maskBodyIn(
  ctx: MaskContext,
  body: unknown,
  contentType: string | undefined,
  inPlace = false,
): unknown {
  if (body === undefined || body === null) return body;
  if (typeof body !== 'string') return walkJson(ctx, body, undefined, '', 0, inPlace);
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('json') || (ct === '' && looksLikeJsonText(body))) return maskJsonText(ctx, body);
  if (ct.includes('x-www-form-urlencoded') || (ct === '' && FORM_SHAPE.test(body))) {
    return maskQueryIn(ctx, body, 'form');
  }
  if (ct.includes('html')) return maskTextBody(ctx, maskHtmlInputsIn(ctx, body));
  return maskTextBody(ctx, body);
}

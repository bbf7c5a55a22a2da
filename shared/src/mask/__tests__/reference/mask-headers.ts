import { RULES } from './key-table.ts';
import { type MaskContext, RawSegment } from './mask-context.ts';
import { maskUrlIn } from './mask-url.ts';
import { maskStringByRule } from './mask-value.ts';

/**
 * Masks a header map under the current path, keeping header names (and their casing) and order.
 * `Authorization` keeps its scheme (`Bearer [REDACTED]`), `Cookie`/`Set-Cookie` keep cookie names
 * and attributes, `X-Forwarded-For` lists get one token per address, `Referer`/`Origin`/`Location`
 * are masked as URLs, ids such as `merchantId`/`Merchant-ID`/`Correlation-ID` are kept, and unknown
 * headers are scanned by shape. Findings are `header:<lower-case name>`. Non-string values (not
 * allowed by the type, but seen in the wild) are copied unchanged.
 */
export function maskHeadersIn(
  ctx: MaskContext,
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    if (typeof value !== 'string') {
      out[name] = value;
      continue;
    }
    const rule = ctx.rules.resolveHeader(name);
    ctx.push(new RawSegment(`header:${name.toLowerCase()}`));
    out[name] = rule === RULES.url ? maskUrlIn(ctx, value) : maskStringByRule(ctx, rule, value);
    ctx.pop();
  }
  return out;
}

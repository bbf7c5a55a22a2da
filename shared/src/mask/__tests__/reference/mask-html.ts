import { type MaskContext, RawSegment } from './mask-context.ts';
import { maskStringByRule } from './mask-value.ts';

// Form fields carry PII under their name/id (a hosted application page prefills `firstName`, `street1`,
// `postalCode`…); free-text shapes alone cannot tell a name or a street from other words.
const INPUT_TAG = /<input\b[^>]*>/gi;
const ATTRIBUTE = /\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;

interface InputAttributes {
  key: string | undefined;
  value: { text: string; start: number; end: number } | undefined;
}

function readAttributes(tag: string): InputAttributes {
  let name: string | undefined;
  let id: string | undefined;
  let value: InputAttributes['value'];
  for (const match of tag.matchAll(ATTRIBUTE)) {
    const attr = match[1]!.toLowerCase();
    const text = match[2] ?? match[3] ?? match[4] ?? '';
    if (attr === 'name') name = text;
    else if (attr === 'id') id = text;
    else if (attr === 'value') {
      const quoted = match[2] !== undefined || match[3] !== undefined;
      const end = match.index + match[0].length - (quoted ? 1 : 0);
      value = { text, start: end - text.length, end };
    }
  }
  return { key: name || id, value };
}

/**
 * Masks the `value` of each `<input>` by its `name` (or `id`) like a JSON key, so prefilled form fields
 * are masked by what they are. The rest of the document is left to the free-text scan that follows.
 * Findings are reported at `html:<name>`.
 */
export function maskHtmlInputsIn(ctx: MaskContext, html: string): string {
  if (!html.includes('<input') && !html.includes('<INPUT')) return html;
  return html.replace(INPUT_TAG, (tag) => {
    const { key, value } = readAttributes(tag);
    if (key === undefined || value === undefined || value.text === '') return tag;
    ctx.push(new RawSegment(`html:${key}`));
    const masked = maskStringByRule(ctx, ctx.rules.resolve(key, ''), value.text);
    ctx.pop();
    if (masked === value.text) return tag;
    return tag.slice(0, value.start) + masked.replace(/["'<>&]/g, '') + tag.slice(value.end);
  });
}

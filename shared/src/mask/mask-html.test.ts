import { describe, expect, it } from 'vitest';
import { maskBody } from './index.ts';

const opts = { salt: 'html-test-salt' };

// Shaped like the sandbox's hosted application page, which prefills the consumer from `create`.
const PAGE = `<!doctype html><form>
<input id="firstName" name="firstName" value="Jordan">
<input id='lastName' value='Rivera' readonly>
<input id="street1" name="street1" type="text" value="400 Nicollet Mall">
<input name="city" value="Minneapolis"><input name="postalCode" value=55401>
<input id="state" value="MN">
<input name="merchantId" value="435523232323">
<input type="radio" name="offer" value="ZERO:12" checked>
<input id="ssn" name="ssn" value="">
</form><p>Questions? jordan.rivera@example.com</p>`;

describe('maskBody on HTML', () => {
  it('masks prefilled form fields by their name or id and keeps the rest of the page', () => {
    const { value, findings } = maskBody(PAGE, 'text/html; charset=utf-8', opts);
    const html = value as string;
    for (const raw of [
      'Jordan',
      'Rivera',
      '400 Nicollet Mall',
      'Minneapolis',
      '55401',
      'jordan.rivera@example.com',
    ]) {
      expect(html, raw).not.toContain(raw);
    }
    expect(html).toContain('value="435523232323"');
    expect(html).toContain('value="ZERO:12" checked');
    expect(html).toContain('value="MN"');
    expect(html).toMatch(/<input id='lastName' value='‹name#[0-9a-f]{6}›' readonly>/);
    expect(findings.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'html:firstName',
        'html:lastName',
        'html:street1',
        'html:city',
        'html:postalCode',
      ]),
    );
  });

  it('is idempotent', () => {
    const once = maskBody(PAGE, 'text/html', opts).value as string;
    expect(maskBody(once, 'text/html', opts).value).toBe(once);
  });

  it('leaves documents without inputs to the text scan', () => {
    const { value } = maskBody('<p>Call 612-555-0142</p>', 'text/html', opts);
    expect(value).not.toContain('612-555-0142');
    expect(value).toMatch(/^<p>Call ‹phone#[0-9a-f]{6}›<\/p>$/);
  });
});

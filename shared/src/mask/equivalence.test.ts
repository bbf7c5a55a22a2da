/**
 * The engine's fast paths (findings off, in-place masking of trees it parsed) must not change a byte
 * of output: every masked value and finding is compared with the frozen pre-optimisation engine in
 * `__tests__/reference/`, on the benchmark payloads and on generated PII-laden trees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBody, exchanges, transactionsOfSize, webhookBody } from '../../../bench/fixtures/exchanges.ts';
import * as payloads from './__tests__/avvance-payloads.ts';
import { deepFreeze } from './__tests__/helpers.ts';
import * as reference from './__tests__/reference/index.ts';
import { urlParts } from './mask-url.ts';
import { Masker } from './masker.ts';
import type { MaskOptions } from './types.ts';

const OPTS: MaskOptions = { salt: 'equivalence-salt' };

/** A fresh masker per engine and check, so neither side benefits from the other's caches. */
function engines() {
  return { now: new Masker(OPTS), ref: new reference.Masker(OPTS) };
}

/** Every way of masking a JSON tree gives the reference engine's value (and findings, when recorded). */
function expectSameJson(tree: unknown): void {
  const text = JSON.stringify(tree);
  const { now, ref } = engines();
  const want = ref.json(JSON.parse(text));
  const wantText = JSON.stringify(want.value);

  const copied = now.json(deepFreeze(JSON.parse(text)));
  expect(JSON.stringify(copied.value)).toBe(wantText);
  expect(copied.findings).toEqual(want.findings);

  const quiet = now.json(deepFreeze(JSON.parse(text)), { findings: false });
  expect(JSON.stringify(quiet.value)).toBe(wantText);
  expect(quiet.findings).toEqual([]);

  const owned = JSON.parse(text);
  const inPlace = now.json(owned, { inPlace: true });
  expect(JSON.stringify(inPlace.value)).toBe(wantText);
  expect(inPlace.findings).toEqual(want.findings);
  if (owned !== null && typeof owned === 'object') expect(inPlace.value).toBe(owned);

  // JSON text bodies: the masker parses them itself and masks in place.
  for (const body of [text, JSON.stringify(tree, null, 2)]) {
    const wantBody = ref.body(body, 'application/json');
    expect(now.body(body, 'application/json')).toEqual(wantBody);
    expect(now.body(body, 'application/json', { findings: false }).value).toBe(wantBody.value);
  }
}

describe('byte-identical to the reference engine', () => {
  it('on the benchmark payloads (create, webhooks, transactions report)', () => {
    const mixed: unknown[] = [];
    for (let i = 0; i < 12; i++) mixed.push(i % 2 ? webhookBody(i) : createBody(i));
    for (const tree of [createBody(1), mixed, transactionsOfSize(200_000)]) expectSameJson(tree);
  });

  it('on every Avvance payload fixture', () => {
    for (const [name, tree] of Object.entries(payloads)) {
      expect.soft(() => expectSameJson(tree), name).not.toThrow();
    }
  });

  it('on realistic exchanges, with findings on and off, copied or in place', () => {
    const { now, ref } = engines();
    for (const x of exchanges(200)) {
      const frozen = deepFreeze(structuredClone(x));
      const want = ref.exchange(x);
      expect(now.exchange(frozen)).toEqual(want);
      expect(now.exchange(frozen, { findings: false })).toEqual({ value: want.value, findings: [] });
      expect(now.exchange(structuredClone(x), { inPlace: true })).toEqual(want);
    }
  });

  // Trees whose keys and values hit every rule: PII keys, key/value bags, parent-aware keys, URLs,
  // embedded JSON, numbers that look like accounts, tokens from a previous pass and `__proto__`.
  const key = fc.constantFrom(
    'email',
    'firstName',
    'consumer',
    'mobilePhone',
    'ssn',
    'accountNumber',
    'routingNumber',
    'value',
    'key',
    'name',
    'attributeName',
    'attributeValue',
    'identityDocument',
    'number',
    'redirectUrl',
    'authorization',
    'invoiceId',
    'merchantId',
    'metadata',
    'notes',
    '__proto__',
    'Weird Key.[0]',
    'x',
  );
  const leafString = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      'jane.doe@example.com',
      '(612) 555-0142',
      '4111 1111 1111 1111',
      '123-45-6789',
      '091000019',
      '12121312121310000042',
      'Bearer abcdefghijklmnop123',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_abc',
      'https://x.test/cb?email=a@b.co&id=7#t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.x',
      '{"email":"a@b.co","n":[1,"555-867-5309"]}',
      '[{"key":"ssn","value":"123456789"}]',
      '‹email#a1f3c9›',
      '[REDACTED]',
      '10.1.2.3',
      '2026-11-25T17:00:00Z',
      'fe80::1:2',
      'merchants',
      'Loans',
      '8025491732',
    ),
  );
  const leaf = fc.oneof(
    leafString,
    fc.integer(),
    fc.constantFrom(4111111111111111, 6125550142, 123456789012345, 1.5, -0),
    fc.boolean(),
    fc.constant(null),
  );
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('tree'), { maxLength: 5 }),
    object: fc.dictionary(key, tie('tree'), { maxKeys: 6 }),
  }));

  it('on generated trees', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expectSameJson(t);
      }),
      { numRuns: 400, seed: 20_261_125 },
    );
  });

  it('on generated text (free text and URLs), findings on and off', () => {
    fc.assert(
      fc.property(fc.array(leafString, { maxLength: 6 }), (parts) => {
        const text = parts.join(' ');
        const { now, ref } = engines();
        expect(now.text(text)).toEqual(ref.text(text));
        expect(now.text(text, { findings: false }).value).toBe(ref.text(text).value);
        const url = `https://h.test/${parts.map(encodeURIComponent).join('/')}?q=${encodeURIComponent(text)}`;
        // Absolute, rooted and relative paths (the masker walks path segments itself).
        for (const u of [url, `/${parts.join('/')}`, parts.join('/')]) {
          expect(now.url(u)).toEqual(ref.url(u));
          expect(now.url(u, { findings: false }).value).toBe(ref.url(u).value);
        }
      }),
      { numRuns: 200, seed: 20_261_126 },
    );
  });
});

describe('URL splitting without a regex', () => {
  const PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:)?(\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#[\s\S]*)?$/;
  const chars = fc.constantFrom(...'aZ09+.-:/?#@%= \n'.split(''), 'https://', '//', 'x@y', '?q=1');

  it('splits exactly as the regex it replaced, on any string', () => {
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 16 }), (parts) => {
        const url = parts.join('');
        const [, a = '', b = '', c = '', d = '', e = ''] = PARTS.exec(url)!;
        expect(urlParts(url)).toEqual([a, b, c, d, e]);
        const { now, ref } = engines();
        expect(now.url(url)).toEqual(ref.url(url));
      }),
      { numRuns: 2000, seed: 20_261_127 },
    );
  });
});

describe('who may be mutated', () => {
  it('a caller tree is copied unless the call says inPlace', () => {
    const body = createBody(3);
    const before = JSON.stringify(body);
    const m = new Masker(OPTS);
    const masked = m.json(body, { findings: false }).value;
    expect(JSON.stringify(body)).toBe(before);
    expect(masked).not.toBe(body);
    expect(JSON.stringify(masked)).not.toBe(before);
    expect(m.json(body, { inPlace: true }).value).toBe(body);
    expect(JSON.stringify(body)).toBe(JSON.stringify(masked));
  });

  it('an own __proto__ key is masked as a key, in place too, never as the prototype', () => {
    const owned = JSON.parse('{"__proto__":{"email":"a@b.co"},"ok":1}') as Record<string, unknown>;
    const { value } = new Masker(OPTS).json(owned, { inPlace: true });
    expect(value).toBe(owned);
    expect(Object.getPrototypeOf(owned)).toBe(Object.prototype);
    expect(JSON.stringify(owned)).toMatch(/^\{"__proto__":\{"email":"‹email#[0-9a-f]{6}›"\},"ok":1\}$/);
  });
});

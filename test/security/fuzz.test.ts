/**
 * Adversarial fuzzing that the module-level property tests (shared/src/protocol/__tests__/fuzz.test.ts,
 * shared/src/filter/parse-filter.fuzz.test.ts, shared/src/har/har-import.test.ts,
 * shared/src/mask/mask-properties.test.ts) leave thin: mutated valid frames, pathological nesting and
 * sizes, ReDoS-shaped filters evaluated against real exchanges, HAR documents with hostile field types, and
 * planted secrets anywhere in an exchange. Every property is bounded in runs and wall time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../shared/src/filter/index.ts';
import { importHar } from '../../shared/src/har/index.ts';
import { createMaskSalt, maskExchange } from '../../shared/src/mask/index.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { clientMessageArb, maskedExchangeArb } from '../../shared/src/protocol/__tests__/arbitraries.ts';
import { encodeMessage, parseClientMessage, parseServerMessage } from '../../shared/src/protocol/index.ts';

const SEED = 20_251_125;

function timed<T>(fn: () => T, budgetMs: number, label: string): T {
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  if (ms > budgetMs) throw new Error(`${label} took ${ms.toFixed(0)} ms (budget ${budgetMs} ms)`);
  return out;
}

describe('WebSocket message parser', () => {
  it('never throws on mutated valid frames (byte flips, truncation, splices)', () => {
    fc.assert(
      fc.property(
        clientMessageArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
        (message, flips, cut) => {
          const bytes = Buffer.from(encodeMessage(message));
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          for (const frame of [
            bytes,
            bytes.subarray(0, cut % (bytes.length + 1)),
            bytes.toString('latin1'),
          ]) {
            for (const parse of [parseClientMessage, parseServerMessage]) {
              const result = parse(frame);
              if (!result.ok) expect(typeof result.error.code).toBe('string');
            }
          }
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it('refuses pathological frames quickly: 10k nesting, huge strings, many keys, prototype keys', () => {
    const frames = [
      `{"v":1,"type":"publish","id":"p","session":"s","exchange":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      `{"v":1,"type":"hello","id":"h","client":{"name":"${'x'.repeat(2_000_000)}","version":"1"}}`,
      `{"v":1,"type":"hello","id":"h",${Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
      '{"v":1,"type":"hello","id":"h","__proto__":{"admin":true},"client":{"name":"n","version":"1"}}',
      `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
    ];
    for (const frame of frames) {
      const result = timed(() => parseClientMessage(frame), 1_000, frame.slice(0, 40));
      if (result.ok) expect((result.message as unknown as Record<string, unknown>).admin).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('filter parser and evaluation', () => {
  const alphabet = fc.constantFrom(
    ...'status:method:url:body:header:-()"\\/|*+?{}[]^$.,<>=!~ a1'.split(''),
    'status:5',
    'body~/(a+)+$/',
    'url:*.*.*.*',
    'regex:/(x|x)*y/',
    '"',
    ' OR ',
    '-',
  );
  const filterText = fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''));

  it('parses and evaluates arbitrary filter text against real exchanges without throwing, in bounded time', () => {
    fc.assert(
      fc.property(filterText, maskedExchangeArb, (text, exchange) => {
        const parsed = timed(() => parseFilter(text), 200, text);
        timed(() => parsed.predicate({ exchange }), 200, text);
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('survives ReDoS-shaped regexes and deep parentheses on long inputs', () => {
    const body = `${'a'.repeat(50_000)}!`;
    const exchange = fc.sample(maskedExchangeArb, { numRuns: 1, seed: SEED })[0]!;
    const victim = {
      ...exchange,
      request: { ...exchange.request, body, url: `https://x.test/${'a'.repeat(5000)}` },
    };
    for (const text of [
      'body~/(a+)+$/',
      'body~/(a|aa)*$/',
      'body~/(.*a){20}/',
      'url~/(a*)*b/',
      `${'('.repeat(5_000)}status:200${')'.repeat(5_000)}`,
      `${'-'.repeat(10_000)}status:200`,
      'x'.repeat(100_000),
    ]) {
      const parsed = timed(() => parseFilter(text), 1_000, text.slice(0, 30));
      timed(() => parsed.predicate({ exchange: victim }), 1_000, text.slice(0, 30));
    }
  });
});

describe('HAR import', () => {
  const hostile = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.constantFrom(null, 1, 'x', [], {}, '__proto__', { toString: 1 }, -1, 1e308, Number.NaN),
  );
  const entry = fc.record(
    {
      startedDateTime: hostile,
      time: hostile,
      request: fc.oneof(
        hostile,
        fc.record({
          method: hostile,
          url: fc.oneof(hostile, fc.webUrl(), fc.constant('javascript:alert(1)')),
          headers: fc.oneof(
            hostile,
            fc.array(fc.record({ name: hostile, value: hostile }), { maxLength: 4 }),
          ),
          postData: fc.oneof(hostile, fc.record({ mimeType: hostile, text: hostile })),
          queryString: hostile,
        }),
      ),
      response: fc.oneof(
        hostile,
        fc.record({
          status: hostile,
          headers: hostile,
          content: fc.record({ text: hostile, encoding: hostile }),
        }),
      ),
      _avvance: hostile,
    },
    { requiredKeys: [] },
  );

  it('never throws on HAR documents with hostile field types, as objects or JSON text', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), (entries) => {
        const doc = { log: { version: '1.2', entries } };
        for (const input of [doc, JSON.stringify(doc)]) {
          const result = importHar(input);
          if (result.ok) expect(result.exchanges.length + result.skipped.length).toBeGreaterThanOrEqual(0);
          else expect(typeof result.error).toBe('string');
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('refuses pathological documents quickly', () => {
    for (const input of [
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      `{"log":{"entries":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`,
      '{"log":{"entries":[{"request":{"url":"http://x","method":"GET","headers":[],"postData":{"text":"' +
        'A'.repeat(3_000_000) +
        '","mimeType":"application/json"}},"response":{"status":200,"headers":[],"content":{}}}]}}',
      '\uFEFF{"log":{"entries":"nope"}}',
    ]) {
      const result = timed(() => importHar(input), 3_000, input.slice(0, 30));
      expect(typeof result.ok).toBe('boolean');
    }
  });
});

describe('masking', () => {
  const SECRET_KEYS = [
    'client_secret',
    'password',
    'apiKey',
    'X-Api-Key',
    'X-Relay-Key',
    'accessToken',
    'refresh_token',
    'webhookSecret',
    'Authorization',
  ];
  const secretValue = fc.stringMatching(/^[A-Za-z0-9]{20,32}$/).map((s) => `SECRETX${s}`);

  it('a planted secret under a secret key leaves no trace anywhere in the masked exchange', () => {
    fc.assert(
      fc.property(
        maskedExchangeArb,
        fc.constantFrom(...SECRET_KEYS),
        secretValue,
        fc.constantFrom('header', 'query', 'json', 'nested-json', 'form', 'response-json'),
        (base, key, secret, where) => {
          const ex: Exchange = structuredClone({ ...base, masked: false });
          const value = key === 'Authorization' ? `Bearer ${secret}` : secret;
          if (where === 'header') ex.request.headers = { ...ex.request.headers, [key]: value };
          if (where === 'query')
            ex.request.url = `https://api.test/p?${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
          if (where === 'json') ex.request.body = { [key]: value };
          if (where === 'nested-json') ex.request.body = { a: [{ b: { [key]: value } }] };
          if (where === 'form') {
            ex.request.headers = { 'content-type': 'application/x-www-form-urlencoded' };
            ex.request.body = `grant_type=client_credentials&${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
          }
          if (where === 'response-json' && ex.response)
            ex.response.body = JSON.stringify({ data: { [key]: value } });
          const masked = maskExchange(ex, { salt: 'fuzz-salt' }).value;
          expect(JSON.stringify(masked)).not.toContain(secret);
        },
      ),
      { numRuns: 400, seed: SEED },
    );
  });

  it('never throws and stays idempotent on arbitrary exchanges with hostile bodies', () => {
    fc.assert(
      fc.property(
        maskedExchangeArb,
        fc.anything({ maxDepth: 4 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (base, body, text) => {
          const salt = createMaskSalt();
          for (const b of [body, text]) {
            const ex = {
              ...base,
              masked: false,
              request: { ...base.request, body: b as Exchange['request']['body'] },
            };
            const once = maskExchange(ex, { salt }).value;
            const twice = maskExchange(once, { salt }).value;
            expect(twice).toEqual(once);
          }
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });
});

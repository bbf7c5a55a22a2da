import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../encode.ts';
import { PROTOCOL_ERROR_CODES } from '../error-codes.ts';
import { parseClientMessage, parseServerMessage } from '../parse.ts';
import { clientMessageArb, serverMessageArb } from './arbitraries.ts';
import { clientExamples } from './fixtures.ts';

const parsers = [parseClientMessage, parseServerMessage];

function expectWellFormed(result: ReturnType<typeof parseClientMessage | typeof parseServerMessage>) {
  if (!result.ok) {
    expect(PROTOCOL_ERROR_CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
  }
}

describe('parsers never throw', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        for (const parse of parsers) expectWellFormed(parse(raw));
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => {
        for (const parse of parsers) {
          expectWellFormed(parse(raw));
          expectWellFormed(parse(raw.buffer));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary JSON values, alone and grafted onto a valid envelope', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(...Object.keys(clientExamples)),
        fc.string(),
        (value, type, key) => {
          for (const parse of parsers) {
            expectWellFormed(parse(JSON.stringify(value)));
            const grafted = { ...clientExamples[type as keyof typeof clientExamples], [key]: value };
            expectWellFormed(parse(JSON.stringify(grafted)));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('encode → parse round-trip', () => {
  // Compared with a JSON round-trip of the input: JSON itself turns -0 into 0.
  it('client messages', () => {
    fc.assert(
      fc.property(clientMessageArb, (message) => {
        const result = parseClientMessage(encodeMessage(message));
        expect(result).toEqual({ ok: true, message: JSON.parse(JSON.stringify(message)) });
      }),
      { numRuns: 300 },
    );
  });

  it('server messages', () => {
    fc.assert(
      fc.property(serverMessageArb, (message) => {
        const result = parseServerMessage(encodeMessage(message));
        expect(result).toEqual({ ok: true, message: JSON.parse(JSON.stringify(message)) });
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../encode.ts';
import { MAX_FRAME_BYTES, MAX_JSON_DEPTH, MAX_SERVER_FRAME_BYTES } from '../limits.ts';
import { parseClientMessage, parseServerMessage } from '../parse.ts';
import { clientExamples, maskedExchange, serverExamples } from './fixtures.ts';

const enc = new TextEncoder();

function clientError(frame: unknown) {
  const result = parseClientMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (result.ok) throw new Error(`expected a refusal, got ${result.message.type}`);
  return result.error;
}

describe('parseClientMessage: valid examples', () => {
  for (const [type, message] of Object.entries(clientExamples)) {
    it(`accepts ${type}`, () => {
      const text = encodeMessage(message);
      expect(parseClientMessage(text)).toEqual({ ok: true, message });
      expect(parseClientMessage(enc.encode(text))).toEqual({ ok: true, message });
      expect(parseClientMessage(enc.encode(text).buffer)).toEqual({ ok: true, message });
    });
  }

  it('accepts minimal frames without id', () => {
    expect(parseClientMessage('{"v":1,"type":"ping","nonce":""}').ok).toBe(true);
    expect(parseClientMessage('{"v":1,"type":"hello","client":{"name":"tail","version":"1"}}').ok).toBe(true);
    expect(parseClientMessage('{"v":1,"type":"subscribe","session":"a"}').ok).toBe(true);
  });

  it('ignores unknown fields (tolerant reader)', () => {
    const result = parseClientMessage('{"v":1,"type":"ping","nonce":"x","futureField":{"a":1}}');
    expect(result.ok).toBe(true);
  });

  it('reads a Uint8Array view into a larger buffer', () => {
    const text = '  {"v":1,"type":"ping","nonce":"x"}  ';
    const padded = enc.encode(`XXXX${text}YYYY`);
    expect(parseClientMessage(padded.subarray(4, 4 + text.length)).ok).toBe(true);
  });
});

describe('parseServerMessage: valid examples', () => {
  for (const [type, message] of Object.entries(serverExamples)) {
    it(`accepts ${type}`, () => {
      expect(parseServerMessage(encodeMessage(message))).toEqual({ ok: true, message });
    });
  }

  it('keeps client and relay presence apart', () => {
    expect(parseServerMessage(encodeMessage(clientExamples.presence)).ok).toBe(false);
    expect(parseClientMessage(encodeMessage(serverExamples.presence)).ok).toBe(false);
  });

  it('accepts an empty gap after a relay restart and error codes newer than this build', () => {
    const gap = { v: 1, type: 'gap', session: 's', from: 1, to: 0, reason: 'relay-restarted' };
    expect(parseServerMessage(JSON.stringify(gap)).ok).toBe(true);
    const err = { v: 1, type: 'error', code: 'quota-exceeded', message: 'later' };
    expect(parseServerMessage(JSON.stringify(err)).ok).toBe(true);
  });
});

describe('parse failures are data', () => {
  it.each([
    ['not JSON', '{"v":1,', 'invalid-json'],
    ['empty frame', '', 'invalid-json'],
    ['JSON array', '[1]', 'invalid-message'],
    ['JSON null', 'null', 'invalid-message'],
    ['JSON string', '"hello"', 'invalid-message'],
    ['missing v', '{"type":"ping","nonce":"x"}', 'invalid-message'],
    ['string v', '{"v":"1","type":"ping","nonce":"x"}', 'invalid-message'],
    ['v2', '{"v":2,"type":"ping","nonce":"x"}', 'unsupported-version'],
    ['v0', '{"v":0,"type":"hello"}', 'unsupported-version'],
    ['missing type', '{"v":1}', 'invalid-message'],
    ['unknown type', '{"v":1,"type":"teleport"}', 'unknown-type'],
    ['prototype key as type', '{"v":1,"type":"constructor"}', 'unknown-type'],
    ['relay type from client', '{"v":1,"type":"welcome"}', 'unknown-type'],
  ] as const)('%s → %s', (_name, frame, code) => {
    expect(clientError(frame).code).toBe(code);
  });

  it('names the version in unsupported-version', () => {
    expect(clientError({ v: 2, type: 'ping' }).message).toContain('version 2 is not supported; supported: 1');
  });

  it('does not echo odd type names', () => {
    expect(clientError({ v: 1, type: 'teleport' }).message).toBe('message type `teleport` is not known');
    expect(clientError({ v: 1, type: '<script>alert(1)</script>' }).message).toBe(
      'message type this type is not known',
    );
  });

  it.each([
    [{ v: 1, type: 'ping' }, ''],
    [{ v: 1, type: 'ping', nonce: 7 }, '/nonce'],
    [{ v: 1, type: 'hello', client: { name: 'x' } }, '/client'],
    [{ v: 1, type: 'subscribe', session: 'bad session!' }, '/session'],
    [{ v: 1, type: 'subscribe', session: 's', resumeFrom: -1 }, '/resumeFrom'],
    [{ v: 1, type: 'subscribe', session: 's', resumeFrom: 1.5 }, '/resumeFrom'],
    [{ v: 1, type: 'subscribe', session: 'x'.repeat(65) }, '/session'],
    [{ v: 1, type: 'ping', id: '', nonce: 'x' }, '/id'],
    [{ v: 1, type: 'presence', session: 's', state: 'sleeping' }, '/state'],
    [{ ...clientExamples.publish, exchange: { ...maskedExchange, masked: false } }, '/exchange/masked'],
    [
      {
        ...clientExamples.publish,
        exchange: { ...maskedExchange, request: { ...maskedExchange.request, method: 1 } },
      },
      '/exchange/request/method',
    ],
  ])('invalid-message with the first schema path: %j', (frame, path) => {
    const error = clientError(frame);
    expect(error.code).toBe('invalid-message');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path || '/');
  });

  it('carries the frame id as ref when it is readable', () => {
    expect(clientError({ v: 1, type: 'ping', id: 'abc' }).ref).toBe('abc');
    expect(clientError({ v: 2, type: 'ping', id: 'abc' }).ref).toBe('abc');
    expect(clientError({ v: 1, type: 'ping', id: 'x'.repeat(65) }).ref).toBeUndefined();
    expect(clientError({ v: 1, type: 'ping', id: 42 }).ref).toBeUndefined();
    const server = parseServerMessage('{"v":1,"type":"pong","ref":"n1"}');
    expect(server.ok ? undefined : server.error.ref).toBe('n1');
  });

  it('refuses invalid UTF-8 bytes', () => {
    const result = parseClientMessage(new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-json', message: 'frame is not valid UTF-8' },
    });
  });

  it('refuses frames that are neither text nor bytes', () => {
    const result = parseClientMessage(42 as unknown as string);
    expect(result.ok ? undefined : result.error.code).toBe('invalid-json');
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH without recursing', () => {
    const deepBody = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    // envelope (1) + exchange (2) + request (3) + body arrays
    const frame = (depth: number) =>
      encodeMessage(clientExamples.publish).replace(
        '"body":{"consumer"',
        `"body":${deepBody(depth)},"x":{"consumer"`,
      );
    expect(parseClientMessage(frame(MAX_JSON_DEPTH - 3)).ok).toBe(true);
    const tooDeep = parseClientMessage(frame(MAX_JSON_DEPTH - 2));
    expect(tooDeep.ok ? undefined : tooDeep.error.code).toBe('invalid-message');
    const hostile = parseClientMessage(deepBody(400_000));
    expect(hostile.ok ? undefined : hostile.error.code).toBe('invalid-message');
  });
});

describe('size limit', () => {
  const frameOfBytes = (bytes: number, filler = 'a') => {
    const head = '{"v":1,"type":"ping","nonce":"","pad":"';
    const tail = '"}';
    const fill = bytes - head.length - tail.length;
    return head + filler.repeat(Math.floor(fill / new TextEncoder().encode(filler).length)) + tail;
  };

  it('accepts exactly MAX_FRAME_BYTES and refuses one byte more', () => {
    expect(parseClientMessage(frameOfBytes(MAX_FRAME_BYTES)).ok).toBe(true);
    const over = parseClientMessage(frameOfBytes(MAX_FRAME_BYTES + 1));
    expect(over).toEqual({
      ok: false,
      error: {
        code: 'message-too-large',
        message: `frame is ${MAX_FRAME_BYTES + 1} bytes; the limit is ${MAX_FRAME_BYTES}`,
      },
    });
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    // 3-byte characters: fewer units than the limit, more bytes.
    const text = frameOfBytes(MAX_FRAME_BYTES + 30, '€');
    expect(text.length).toBeLessThan(MAX_FRAME_BYTES);
    const result = parseClientMessage(text);
    expect(result.ok ? undefined : result.error.code).toBe('message-too-large');
    expect(parseClientMessage(new TextEncoder().encode(text)).ok).toBe(false);
  });

  it('checks the size before parsing (garbage over the limit is too-large, not invalid-json)', () => {
    const garbage = '{'.repeat(MAX_FRAME_BYTES + 1);
    const result = parseClientMessage(garbage);
    expect(result.ok ? undefined : result.error.code).toBe('message-too-large');
  });

  it('honours maxBytes and the larger server default', () => {
    const frame = encodeMessage(clientExamples.ping);
    const small = parseClientMessage(frame, { maxBytes: 10 });
    expect(small.ok ? undefined : small.error.code).toBe('message-too-large');
    const serverFrame = frameOfBytes(MAX_FRAME_BYTES + 100).replace(
      '"type":"ping","nonce":""',
      '"type":"pong","nonce":""',
    );
    expect(parseServerMessage(serverFrame).ok).toBe(true);
    expect(parseServerMessage(frameOfBytes(MAX_SERVER_FRAME_BYTES + 1)).ok).toBe(false);
  });
});

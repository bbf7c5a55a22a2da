import { describe, expect, it } from 'vitest';
import { encodeMessage, errorMessage, isFatalError, problemToError } from '../encode.ts';
import { isProtocolErrorCode, PROTOCOL_ERROR_CODES, PROTOCOL_ERRORS } from '../error-codes.ts';
import { utf8ByteLength } from '../frame-text.ts';
import { MAX_TEXT_LENGTH } from '../limits.ts';
import { parseClientMessage, parseServerMessage } from '../parse.ts';
import { serverExamples } from './fixtures.ts';

describe('error catalogue', () => {
  it('gives every fatal code a close code and no open code one', () => {
    for (const code of PROTOCOL_ERROR_CODES) {
      const info: { fatal: boolean; closeCode?: number } = PROTOCOL_ERRORS[code];
      expect(info.fatal, code).toBe(info.closeCode !== undefined);
      expect(code).toMatch(/^[a-z][a-z0-9-]{0,63}$/);
    }
  });

  it('recognises its own codes only', () => {
    expect(isProtocolErrorCode('unknown-type')).toBe(true);
    expect(isProtocolErrorCode('toString')).toBe(false);
    expect(isFatalError('unauthorized')).toBe(true);
    expect(isFatalError('rate-limited')).toBe(false);
    expect(isFatalError('some-future-code')).toBe(false);
    expect(isFatalError('__proto__')).toBe(false);
  });
});

describe('error frames', () => {
  it('builds valid error frames with optional fields', () => {
    const frame = errorMessage('not-subscribed', 'subscribe first', {
      ref: 'p1',
      session: 'team-42',
      path: '/session',
    });
    expect(frame).toEqual({
      v: 1,
      type: 'error',
      code: 'not-subscribed',
      message: 'subscribe first',
      ref: 'p1',
      session: 'team-42',
      path: '/session',
    });
    expect(parseServerMessage(encodeMessage(frame)).ok).toBe(true);
    expect(errorMessage('internal-error', 'oops')).toEqual({
      v: 1,
      type: 'error',
      code: 'internal-error',
      message: 'oops',
    });
  });

  it('cuts long messages so the frame stays valid', () => {
    const frame = errorMessage('internal-error', 'x'.repeat(5000), { path: 'y'.repeat(5000) });
    expect(frame.message).toHaveLength(MAX_TEXT_LENGTH);
    expect(parseServerMessage(encodeMessage(frame)).ok).toBe(true);
  });

  it('turns a parse problem into the error frame the relay sends back', () => {
    const parsed = parseClientMessage('{"v":1,"type":"ping","id":"q7","nonce":5}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const frame = problemToError(parsed.error);
    expect(frame).toMatchObject({ type: 'error', code: 'invalid-message', ref: 'q7', path: '/nonce' });
    expect(parseServerMessage(encodeMessage(frame)).ok).toBe(true);
    expect(problemToError({ code: 'invalid-json', message: 'frame is not valid JSON' })).toEqual({
      v: 1,
      type: 'error',
      code: 'invalid-json',
      message: 'frame is not valid JSON',
    });
  });

  it('encodes compact JSON', () => {
    expect(encodeMessage(serverExamples.pong)).toBe(
      '{"v":1,"type":"pong","ref":"n1","nonce":"1764072000000"}',
    );
  });
});

describe('utf8ByteLength', () => {
  it.each(['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800', '\ud800x', 'x\udc00', '\ud83d'])(
    'matches TextEncoder for %j',
    (s) => {
      expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
    },
  );
});

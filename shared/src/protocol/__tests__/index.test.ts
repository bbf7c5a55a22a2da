import { describe, expect, it } from 'vitest';
import * as protocol from '../index.ts';

describe('protocol barrel', () => {
  it('exports the parsers, encoders, schemas and constants', () => {
    for (const name of [
      'PROTOCOL_VERSION',
      'MAX_FRAME_BYTES',
      'PROTOCOL_ERRORS',
      'parseClientMessage',
      'parseServerMessage',
      'encodeMessage',
      'errorMessage',
      'problemToError',
      'ExchangeSchema',
      'CLIENT_MESSAGE_SCHEMAS',
      'SERVER_MESSAGE_SCHEMAS',
    ]) {
      expect(protocol, name).toHaveProperty(name);
    }
    expect(protocol.PROTOCOL_VERSION).toBe(1);
  });
});

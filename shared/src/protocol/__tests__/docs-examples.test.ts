// Every JSON example in docs/protocol.md must be a frame the parsers accept, so the reference cannot
// drift from the schemas.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage } from '../parse.ts';

const doc = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('docs/protocol.md examples', () => {
  it('has an example for every message', () => {
    expect(examples.length).toBeGreaterThanOrEqual(14);
  });

  it.each(examples.map((text, i) => [i, text] as const))('example %i parses', (_i, text) => {
    const client = parseClientMessage(text);
    const server = parseServerMessage(text);
    expect(client.ok || server.ok, JSON.stringify([client, server])).toBe(true);
  });
});

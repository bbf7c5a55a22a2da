import { describe, expect, it } from 'vitest';
import { createCallExchange, FIXTURE, loanStatusExchange } from '../../__tests__/fixtures/exchanges.ts';
import { buildCapsule, readCapsule } from '../capsule.ts';
import { deleteFilter, type FilterStorage, loadSavedFilters, saveFilter } from '../saved-filters.ts';

describe('bug capsule', () => {
  it('round-trips a journey as one masked HAR with its metadata and no raw PII', () => {
    const create = createCallExchange('c1');
    create.environment = 'sandbox';
    const status = loanStatusExchange('s1');
    const { text, meta } = buildCapsule({
      exchanges: [create, status],
      mask: { salt: 'salt' },
      flowOf: () => 'flow-1',
      note: 'Create succeeds, status 500s',
      now: () => new Date('2025-01-01T00:00:00Z'),
    });
    expect(text).not.toContain(FIXTURE.email);
    expect(text).not.toContain(FIXTURE.mobilePhone);
    expect(meta).toMatchObject({
      kind: 'avvance-capsule',
      environments: ['sandbox'],
      correlationIds: [create.request.headers['correlation-id'], status.request.headers['correlation-id']],
      flowIds: ['flow-1'],
      note: 'Create succeeds, status 500s',
    });
    const read = readCapsule(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.exchanges.map((x) => x.id)).toEqual(['c1', 's1']);
    expect(read.meta).toEqual(meta);
    expect(JSON.stringify(read.exchanges)).not.toContain(FIXTURE.email);
  });

  it('reads a plain HAR without metadata and reports junk as data', () => {
    const plain = JSON.stringify({
      log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] },
    });
    expect(readCapsule(plain)).toMatchObject({ ok: true, meta: undefined });
    expect(readCapsule('{nope')).toEqual({ ok: false, error: 'Not a JSON file' });
  });
});

describe('saved filters', () => {
  function memory(): FilterStorage {
    const data: Record<string, unknown> = {};
    return {
      get: async (key) => (key in data ? { [key]: data[key] } : {}),
      set: async (items) => void Object.assign(data, items),
    };
  }

  it('saves, replaces by name, refuses bad filters, deletes', async () => {
    const s = memory();
    expect(await saveFilter(s, { name: 'fails', query: 'status:5xx' })).toMatchObject({ ok: true });
    await saveFilter(s, { name: 'fails', query: 'status:4xx' });
    expect(await loadSavedFilters(s)).toEqual([{ name: 'fails', query: 'status:4xx' }]);
    expect(await saveFilter(s, { name: ' ', query: 'x' })).toMatchObject({ ok: false });
    expect(await deleteFilter(s, 'fails')).toEqual([]);
  });
});

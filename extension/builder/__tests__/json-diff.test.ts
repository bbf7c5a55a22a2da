import { describe, expect, it } from 'vitest';
import { diffJson, diffResponses } from '../json-diff.ts';

describe('diffJson', () => {
  it.each([
    ['equal scalars', 1, 1, []],
    ['changed root', 1, 2, [{ kind: 'changed', path: '', before: 1, after: 2 }]],
    ['type change', { a: 1 }, [1], [{ kind: 'changed', path: '', before: { a: 1 }, after: [1] }]],
    [
      'object keys',
      { a: 1, b: { c: 'x' }, gone: true },
      { a: 1, b: { c: 'y' }, added: null },
      [
        { kind: 'changed', path: '/b/c', before: 'x', after: 'y' },
        { kind: 'removed', path: '/gone', before: true },
        { kind: 'added', path: '/added', after: null },
      ],
    ],
    [
      'arrays by index',
      [1, 2, 3],
      [1, 5],
      [
        { kind: 'changed', path: '/1', before: 2, after: 5 },
        { kind: 'removed', path: '/2', before: 3 },
      ],
    ],
    [
      'pointer escaping',
      { 'a/b~': 1 },
      { 'a/b~': 2 },
      [{ kind: 'changed', path: '/a~1b~0', before: 1, after: 2 }],
    ],
    ['null vs object', null, {}, [{ kind: 'changed', path: '', before: null, after: {} }]],
  ])('%s', (_name, a, b, expected) => {
    expect(diffJson(a, b).entries).toEqual(expected);
  });

  it('caps the entries and counts the rest', () => {
    const a = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const d = diffJson(a, {}, 3);
    expect(d.entries).toHaveLength(3);
    expect(d.truncated).toBe(7);
  });
});

describe('diffResponses', () => {
  it('compares status, headers case-insensitively (volatile ones ignored) and bodies', () => {
    const d = diffResponses(
      {
        status: 201,
        headers: { 'Content-Type': 'application/json', Date: 'x', 'X-A': '1' },
        body: { s: 'OK' },
      },
      { status: 400, headers: { 'content-type': 'application/json', date: 'y' }, body: { s: 'ERR' } },
    );
    expect(d.status).toEqual({ before: 201, after: 400, changed: true });
    expect(d.headers).toEqual([{ name: 'x-a', before: '1', after: undefined }]);
    expect(d.body.entries).toEqual([{ kind: 'changed', path: '/s', before: 'OK', after: 'ERR' }]);
    expect(d.same).toBe(false);
  });

  it('reports identical responses as the same', () => {
    const r = { status: 200, headers: { a: '1', 'correlation-id': 'x' }, body: [1] };
    expect(diffResponses(r, { ...r, headers: { a: '1', 'correlation-id': 'y' } }).same).toBe(true);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS, NAMES, TARGETS } from '../../../shared/src/filter/__fixtures__/exchanges.ts';
import { parseFilter } from '../../../shared/src/filter/index.ts';
import type { Filter, FilterTarget } from '../../../shared/src/filter/types.ts';
import type { CapturedExchange } from '../capture-model.ts';
import { FilterMemo } from '../filter-memo.ts';

/** The corpus three times over (distinct ids), as the panel lists it, with the corpus' flow ids. */
function listed(): { entries: CapturedExchange[]; membership: Map<string, string> } {
  const entries: CapturedExchange[] = [];
  const membership = new Map<string, string>();
  for (let copy = 0; copy < 3; copy++) {
    for (const name of NAMES) {
      const target = TARGETS[name];
      const id = `${name}-${copy}`;
      const exchange = { ...CORPUS[name], id };
      entries.push({
        id,
        original: exchange,
        masked: exchange,
        findings: [],
        seq: entries.length + 1,
        avvance: true,
        searchIndex: target.searchIndex!,
      });
      if (target.flowId !== undefined) membership.set(id, target.flowId);
    }
  }
  return { entries, membership };
}

/** What the panel showed before the memo: every call through the parsed predicate. */
function reference(entries: CapturedExchange[], membership: Map<string, string>, text: string): string[] {
  const { predicate } = parseFilter(text);
  return entries
    .filter((e) => {
      const flowId = membership.get(e.id);
      return predicate({
        exchange: e.masked,
        searchIndex: e.searchIndex,
        ...(flowId === undefined ? {} : { flowId }),
      });
    })
    .map((e) => e.id);
}

function memoIds(
  memo: FilterMemo,
  entries: CapturedExchange[],
  membership: Map<string, string>,
  text: string,
): string[] {
  return memo.filter(entries, membership, parseFilter(text).filters, text).map((e) => e.id);
}

const TERMS = [
  'method:POST',
  'method:get',
  '-method:GET',
  'status:4xx',
  '-status:2xx',
  'status>=400',
  'loan',
  'loa',
  'lo',
  '-loan',
  '"loan status"',
  '7b831e4d',
  'has-error',
  '-has-error',
  'is:pending',
  'flow:applicationGUID:7b831e4d-3c2a-4f1e-9d7b-2a9c5e1f0b64',
  '/create$/',
  '/CREATE/i',
  'source:replay',
  'path:token',
  'status:',
  'method:',
  'corr-',
  'a',
  'zzz',
];

describe('FilterMemo', () => {
  it('keeps exactly the calls the parsed predicate keeps, keystroke by keystroke, across edits', () => {
    const { entries, membership } = listed();
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...TERMS), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (texts) => {
          // One memo for the whole sequence: typing each text, then deleting back, then the next text.
          const memo = new FilterMemo();
          for (const terms of texts) {
            const text = terms.join(' ');
            for (let i = 1; i <= text.length; i++) {
              const typed = text.slice(0, i);
              expect(memoIds(memo, entries, membership, typed)).toEqual(
                reference(entries, membership, typed),
              );
            }
            for (let i = text.length - 1; i >= 0; i -= 3) {
              const kept = text.slice(0, i);
              expect(memoIds(memo, entries, membership, kept)).toEqual(reference(entries, membership, kept));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runs an unchanged term once per call, and a new term only where the others pass', () => {
    const { entries, membership } = listed();
    const calls = new Map<string, number>();
    const counting = (
      name: string,
      keep: (t: FilterTarget) => boolean,
      from: number,
      to: number,
    ): Filter => ({
      from,
      to,
      usesSearchIndex: false,
      matches(t) {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return keep(t);
      },
      describe: () => name,
    });
    const isPost = (t: FilterTarget) => t.exchange.request.method === 'POST';
    const memo = new FilterMemo();
    const text = 'post other';
    const post = counting('post', isPost, 0, 4);
    const posts = memo.filter(entries, membership, [post], text);
    expect(calls.get('post')).toBe(entries.length);
    const other = counting('other', () => true, 5, 10);
    expect(memo.filter(entries, membership, [post, other], text)).toEqual(posts);
    expect(calls.get('post')).toBe(entries.length);
    expect(calls.get('other')).toBe(posts.length);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.length).toBeLessThan(entries.length);
  });

  it('forgets its answers when the list or the flow membership changes', () => {
    const { entries, membership } = listed();
    const memo = new FilterMemo();
    const text = 'flow:applicationGUID:7b831e4d-3c2a-4f1e-9d7b-2a9c5e1f0b64';
    const before = memoIds(memo, entries, membership, text);
    expect(before.length).toBeGreaterThan(0);
    const moved = new Map(membership);
    for (const id of before) moved.set(id, 'other-flow');
    expect(memoIds(memo, entries, moved, text)).toEqual([]);
    const fewer = entries.slice(0, NAMES.length);
    expect(memoIds(memo, fewer, moved, 'method:POST')).toEqual(reference(fewer, moved, 'method:POST'));
  });
});

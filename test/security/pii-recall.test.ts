/**
 * PII recall of the masking engine (shared/src/mask) on ≥ 10 000 seeded Avvance-shaped payloads
 * (test/fixtures/pii/generator.ts): recall ≥ 99.9 % per PII kind, and ≤ 1 % false positives on ids,
 * amounts, non-birth dates and statuses. The figures are printed; docs/security.md quotes a run.
 */
import { describe, expect, it } from 'vitest';
import { maskJson } from '../../shared/src/mask/index.ts';
import { at, generatePiiCorpus, type KeepClass, type PiiKind } from '../fixtures/pii/generator.ts';

const RECORDS = 10_000;
const RECALL_TARGET = 0.999;
const FP_TARGET = 0.01;

describe('PII recall on a generated Avvance corpus', () => {
  it(`masks ≥ ${RECALL_TARGET * 100} % of every PII kind and keeps ids, amounts, dates and statuses`, () => {
    const corpus = generatePiiCorpus(RECORDS);
    const hits = new Map<PiiKind, { found: number; total: number; misses: string[] }>();
    const keeps = new Map<KeepClass, { changed: number; total: number; examples: string[] }>();
    for (const rec of corpus) {
      const masked = maskJson(rec.body, { salt: 'pii-recall' }).value;
      for (const p of rec.pii) {
        const h = hits.get(p.kind) ?? { found: 0, total: 0, misses: [] };
        hits.set(p.kind, h);
        h.total++;
        const leaf = at(masked, p.path);
        const gone =
          p.via === 'key'
            ? leaf !== p.value && !String(leaf).includes(p.value)
            : !String(leaf).includes(p.value);
        if (gone) h.found++;
        else if (h.misses.length < 5)
          h.misses.push(
            `${rec.shape} ${p.path.join('.')} (${p.via}) ${JSON.stringify(p.value)} → ${JSON.stringify(leaf)}`,
          );
      }
      for (const k of rec.keep) {
        const c = keeps.get(k.cls) ?? { changed: 0, total: 0, examples: [] };
        keeps.set(k.cls, c);
        c.total++;
        const leaf = at(masked, k.path);
        if (leaf !== k.value) {
          c.changed++;
          if (c.examples.length < 5)
            c.examples.push(`${k.path.join('.')} ${JSON.stringify(k.value)} → ${JSON.stringify(leaf)}`);
        }
      }
    }
    const lines = [`PII recall over ${RECORDS} records:`];
    for (const [kind, h] of [...hits].sort())
      lines.push(`  ${kind.padEnd(16)} ${((100 * h.found) / h.total).toFixed(3)} % (${h.found}/${h.total})`);
    lines.push('False positives:');
    for (const [cls, c] of [...keeps].sort())
      lines.push(
        `  ${cls.padEnd(16)} ${((100 * c.changed) / c.total).toFixed(3)} % (${c.changed}/${c.total})`,
      );
    console.log(lines.join('\n'));

    const failing = [...hits]
      .filter(([, h]) => h.found / h.total < RECALL_TARGET)
      .map(([kind, h]) => ({ kind, recall: h.found / h.total, misses: h.misses }));
    expect(failing).toEqual([]);
    const noisy = [...keeps]
      .filter(([, c]) => c.changed / c.total > FP_TARGET)
      .map(([cls, c]) => ({ cls, rate: c.changed / c.total, examples: c.examples }));
    expect(noisy).toEqual([]);
    expect(hits.size).toBe(13);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AVVANCE_ERROR_CODES } from './error-codes.ts';
import { listOperations, listWebhooks } from './operation-index.ts';

const docs = readFileSync(new URL('../../../docs/avvance-api.md', import.meta.url), 'utf8');

describe('docs/avvance-api.md stays in sync', () => {
  it('lists every operation with its method, path, success status and replay flag', () => {
    // Cells are compared trimmed, so re-aligning the Markdown table does not break the check.
    const rows = docs
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const op of listOperations()) {
      const row = rows.find((cells) => cells.includes(`\`${op.operationId}\``));
      expect(row, op.operationId).toBeDefined();
      expect(row).toContain(op.method);
      expect(
        row!.some((cell) => cell.startsWith(`\`${op.path}`)),
        op.operationId,
      ).toBe(true);
      expect(row).toContain(op.source);
      expect(row!.some((cell) => new RegExp(`^\\**${op.responses[0]!.status}`).test(cell))).toBe(true);
      expect(row!.includes('**yes**'), op.operationId).toBe(op.replayBlocked);
    }
  });

  it('lists every error code and webhook', () => {
    for (const entry of Object.values(AVVANCE_ERROR_CODES)) expect(docs).toContain(`\`${entry.code}\``);
    for (const hook of listWebhooks()) expect(docs).toContain(`\`${hook.eventName}\``);
  });
});

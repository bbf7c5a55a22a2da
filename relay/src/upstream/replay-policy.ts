import { findOperation, normalizeRequestPath } from '../../../shared/src/openapi/index.ts';

/** Reason given for endpoints refused by the `replayBlocked` configuration key. */
export const CONFIG_BLOCK_REASON = 'Listed in the relay configuration (replayBlocked) as not replayable.';

interface Rule {
  method: string;
  pattern: RegExp;
}

function compileRule(entry: string): Rule {
  const m = /^\s*([A-Za-z*]+)\s+(\/\S*)\s*$/.exec(entry);
  if (!m) throw new TypeError(`replayBlocked entry "${entry}" must look like "POST /path"`);
  const path = normalizeRequestPath(m[2]!);
  const source = path
    .split('/')
    .map((segment) =>
      /^\{[^}]+\}$|^\*$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return { method: m[1]!.toUpperCase(), pattern: new RegExp(`^${source}$`, 'i') };
}

/** Percent-decodes until stable (at most 4 rounds), so that `%2576oid` is checked as `void` too. */
function fullyDecoded(path: string): string {
  let current = path;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Which replays the relay refuses: operations marked `x-replay-blocked` in the Avvance OpenAPI document,
 * plus configured `METHOD /path` entries (`{param}` or `*` match one segment; `*` as method matches any).
 * Both are checked on the NORMALISED, fully decoded path (`%76oid`, `%2576oid`, `void/`, `void;x`, `a/../void`
 * all count as `void`).
 */
export class ReplayPolicy {
  readonly #rules: readonly Rule[];

  /** Throws a `TypeError` on a malformed entry (checked at registration). */
  constructor(configured: readonly string[]) {
    this.#rules = configured.map(compileRule);
  }

  /** Why `method path` must not be replayed, or `undefined` when it may be. */
  blockedReason(method: string, rawPath: string): string | undefined {
    const upper = method.toUpperCase();
    const path = fullyDecoded(rawPath);
    const match = findOperation(upper, path);
    if (match?.replayBlocked)
      return match.replayBlockedReason ?? 'Marked x-replay-blocked in the Avvance OpenAPI document.';
    const normalized = normalizeRequestPath(path);
    for (const rule of this.#rules) {
      if ((rule.method === '*' || rule.method === upper) && rule.pattern.test(normalized))
        return CONFIG_BLOCK_REASON;
    }
    return undefined;
  }
}

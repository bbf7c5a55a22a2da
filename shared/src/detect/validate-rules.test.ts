import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_RULES, MAX_DETECTION_RULES } from './rules.ts';
import { validateDetectionRules } from './validate-rules.ts';

describe('validateDetectionRules', () => {
  it('accepts the default rules unchanged', () => {
    expect(validateDetectionRules(DEFAULT_DETECTION_RULES)).toEqual({
      ok: true,
      rules: DEFAULT_DETECTION_RULES,
    });
  });

  it('returns clean copies with only known fields', () => {
    const result = validateDetectionRules([
      { kind: 'host', glob: '*.usbank.com', label: 'bank', enabled: true, extra: 1 },
      { kind: 'path-prefix', prefix: '/api/avvance/', host: 'shop.test' },
      { kind: 'path-prefix', prefix: '/x' },
      { kind: 'regex', pattern: 'avvance', flags: 'i', enabled: false },
      { kind: 'regex', pattern: 'avvance' },
    ]);
    expect(result).toEqual({
      ok: true,
      rules: [
        { kind: 'host', glob: '*.usbank.com', label: 'bank', enabled: true },
        { kind: 'path-prefix', prefix: '/api/avvance/', host: 'shop.test' },
        { kind: 'path-prefix', prefix: '/x' },
        { kind: 'regex', pattern: 'avvance', flags: 'i', enabled: false },
        { kind: 'regex', pattern: 'avvance' },
      ],
    });
  });

  // Table spec: [rule, fragment of the expected message].
  const bad: [unknown, string][] = [
    [null, 'must be an object'],
    [[], 'must be an object'],
    [{ kind: 'nope' }, 'unknown rule kind "nope"'],
    [{ kind: 7n }, 'unknown rule kind bigint'],
    [{ kind: 'host' }, 'needs a "glob"'],
    [{ kind: 'host', glob: '' }, 'empty'],
    [{ kind: 'host', glob: '   ' }, 'empty'],
    [{ kind: 'host', glob: 'a..b' }, 'empty label'],
    [{ kind: 'host', glob: 'a b.com' }, 'invalid characters'],
    [{ kind: 'host', glob: 'bücher.de' }, 'punycode'],
    [{ kind: 'host', glob: 'x.com:http' }, 'invalid port'],
    [{ kind: 'host', glob: '[::1' }, 'unterminated'],
    [{ kind: 'host', glob: '[::1]x' }, 'unexpected text'],
    [{ kind: 'host', glob: '[zz]' }, 'invalid IPv6'],
    [{ kind: 'host', glob: '[1:2:3:4:5:6:7:8:9]' }, 'invalid IPv6'],
    [{ kind: 'host', glob: `${'a'.repeat(300)}.com` }, 'longer than'],
    [{ kind: 'path-prefix' }, 'needs a "prefix"'],
    [{ kind: 'path-prefix', prefix: '' }, 'empty'],
    [{ kind: 'path-prefix', prefix: 'api/' }, 'must start with "/"'],
    [{ kind: 'path-prefix', prefix: `/${'a'.repeat(300)}` }, 'longer than'],
    [{ kind: 'path-prefix', prefix: '/a', host: 3 }, '"host" must be a string'],
    [{ kind: 'path-prefix', prefix: '/a', host: '' }, 'empty'],
    [{ kind: 'regex' }, 'needs a "pattern"'],
    [{ kind: 'regex', pattern: '' }, 'empty'],
    [{ kind: 'regex', pattern: '(' }, 'invalid regex'],
    [{ kind: 'regex', pattern: 'a'.repeat(501) }, 'longer than 500'],
    [{ kind: 'regex', pattern: 'a', flags: 'g' }, 'not allowed'],
    [{ kind: 'regex', pattern: 'a', flags: 'y' }, 'not allowed'],
    [{ kind: 'regex', pattern: 'a', flags: 'q' }, 'not allowed'],
    [{ kind: 'regex', pattern: 'a', flags: 1 }, '"flags" must be a string'],
    [{ kind: 'host', glob: 'x', enabled: 'yes' }, '"enabled" must be a boolean'],
    [{ kind: 'host', glob: 'x', label: 1 }, '"label" must be a string'],
    [{ kind: 'host', glob: 'x', label: 'l'.repeat(101) }, '"label" is longer'],
  ];
  it.each(bad)('rejects bad rule #%#', (rule, message) => {
    const result = validateDetectionRules([{ kind: 'host', glob: 'ok.test' }, rule]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.index).toBe(1);
    expect(result.errors[0]?.message).toContain(message);
  });

  it('reports every invalid rule, and list-level problems at index -1', () => {
    const result = validateDetectionRules([
      { kind: 'x' },
      { kind: 'host', glob: 'ok' },
      { kind: 'regex', pattern: '[' },
    ]);
    expect(result).toMatchObject({ ok: false, errors: [{ index: 0 }, { index: 2 }] });
    expect(validateDetectionRules({})).toEqual({
      ok: false,
      errors: [{ index: -1, message: 'rules must be an array' }],
    });
    const tooMany = Array.from({ length: MAX_DETECTION_RULES + 1 }, () => ({ kind: 'host', glob: 'x' }));
    expect(validateDetectionRules(tooMany)).toMatchObject({ ok: false, errors: [{ index: -1 }] });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        validateDetectionRules(input);
        validateDetectionRules([input]);
      }),
    );
  });
});

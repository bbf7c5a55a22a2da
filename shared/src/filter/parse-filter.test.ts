import { describe, expect, it } from 'vitest';
import { CORPUS, type CorpusName, NAMES, TARGETS } from './__fixtures__/exchanges.ts';
import { describeFilter, parseFilter } from './parse-filter.ts';

/** Names of the corpus exchanges that `filter` keeps, in corpus order. */
function kept(filter: string, withIndex = true): string {
  const { predicate } = parseFilter(filter);
  const names = NAMES.filter((name) => {
    const { searchIndex: _drop, ...bare } = TARGETS[name];
    return predicate(withIndex ? TARGETS[name] : bare);
  });
  return names.length === NAMES.length ? 'all' : names.length === 0 ? 'none' : names.join(' ');
}

describe('parseFilter over the corpus', () => {
  // Table spec: `filter → kept exchanges` (corpus order: create loanStatus token webhook replay
  // networkError pending).
  const table = `
    (empty)                              → all
    -                                    → all
    method:POST                          → create token webhook replay pending
    METHOD:post                          → create token webhook replay pending
    -method:GET                          → create token webhook replay pending
    method:get                           → loanStatus networkError
    status:4xx                           → loanStatus replay
    status:4XX                           → loanStatus replay
    status:2xx                           → create token webhook
    status:404                           → none
    status:400                           → loanStatus
    status:0                             → networkError
    status:42x                           → replay
    status>=400                          → loanStatus replay
    status<200                           → networkError
    status=201                           → create
    -status:2xx                          → loanStatus replay networkError pending
    status-code:422                      → replay
    status-code=201                      → create
    flow:7b831e4d                        → create loanStatus webhook replay
    flow:applicationguid:7B83            → create loanStatus webhook replay
    flow:corr                            → token
    -flow:7b83                           → token networkError pending
    path:/poslp/services                 → create loanStatus replay networkError pending
    path:loan-status                     → loanStatus
    path:applicationGUID                 → none
    path:"/v1/create"                    → create replay
    domain:*.usbank.com                  → create loanStatus token replay networkError pending
    domain:api2.usbank.com               → networkError
    domain:LOCALHOST                     → webhook
    domain:*                             → all
    source:replay                        → replay
    source:WEBHOOK                       → webhook
    -source:page                         → create token webhook replay pending
    larger-than:1k                       → token
    larger-than:10                       → create loanStatus token replay
    larger-than:1.5K                     → none
    larger-than:0                        → create loanStatus token webhook replay
    has-error                            → loanStatus replay networkError
    HAS-ERROR                            → loanStatus replay networkError
    is:error                             → loanStatus replay networkError
    -has-error                           → create token webhook pending
    is:pending                           → pending
    duration>500                         → create replay
    duration<100                         → loanStatus webhook networkError
    duration>=580                        → create replay
    duration<=12                         → webhook networkError
    duration>0.5s                        → create replay
    duration=95                          → loanStatus
    duration<95ms                        → webhook networkError
    mime-type:json                       → create loanStatus token replay
    mime-type:text/plain                 → webhook
    header:correlation-id                → all
    header:x-replay-of                   → replay
    header:content-type=urlencoded       → token
    header:Content-Type=JSON             → create loanStatus token webhook replay
    header:"content-type=text/plain"     → webhook
    loan                                 → create loanStatus webhook replay networkError pending
    "Loan yet to be authorized"          → loanStatus
    -"loan yet"                          → create token webhook replay networkError pending
    "yet to"                             → loanStatus
    approved                             → webhook
    ps-881                               → create replay
    ERR_CONNECTION_REFUSED               → networkError
    https://api2.usbank.com              → networkError
    /poslp/services                      → create loanStatus replay networkError pending
    /auth/oauth2/v1/token                → token
    foo:bar                              → none
    "method:POST"                        → none
    has-error:yes                        → none
    constructor:x                        → none
    __proto__:x                          → none
    toString:y                           → none
    /loan-(status|void)/                 → loanStatus
    /"loanstatus":"application_\\w+"/    → webhook
    /AVV-4\\d\\d/                        → loanStatus replay
    -/avv-4\\d\\d/                       → create token webhook networkError pending
    /oauth2/                             → token
    /.*invalid.*/                        → replay
    /(?:create|void)$/g                  → none
    /^https:\\/\\/api2/                  → networkError
    method:POST status:2xx               → create token webhook
    method:POST -source:proxy has-error  → replay
    method:POST path:create              → create replay
    loan -loan-status status:4xx         → replay
  `;
  const rows = table
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+→\s+/) as [string, string]);

  it.each(rows)('%s → %s', (filter, expected) => {
    const text = filter === '(empty)' ? '' : filter.replaceAll('\\\\', '\\');
    const parsed = parseFilter(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ok).toBe(true);
    expect(kept(text)).toBe(expected);
  });

  it.each(rows)('%s gives the same answer when the caller has no search index', (filter) => {
    const text = filter === '(empty)' ? '' : filter.replaceAll('\\\\', '\\');
    expect(kept(text, false)).toBe(kept(text));
  });
});

/** Splits `a«b»c` into the text `abc` and the spans of each «…». */
function marked(source: string): { text: string; spans: { from: number; to: number }[] } {
  let text = '';
  const spans: { from: number; to: number }[] = [];
  let open = -1;
  for (const ch of source) {
    if (ch === '«') open = text.length;
    else if (ch === '»') spans.push({ from: open, to: text.length });
    else text += ch;
  }
  return { text, spans };
}

describe('parseFilter errors', () => {
  // Table spec: the «…» marks the exact span underlined; the second column is part of the message.
  const table: [string, string][] = [
    ['status:«abc»', 'status: expects a code like 404 or a class like 4xx'],
    ['status:«4»', 'status: expects a code like 404'],
    ['status:«4xxx»', 'status: expects'],
    ['status>«4xx»', 'status> expects a number like 400'],
    ['status-code:«4xx»', 'status-code expects a code like 422; use status:4xx for a class'],
    ['status-code:«abc»', 'status-code expects a code like 422'],
    ['larger-than:«x»', 'larger-than expects a size like 10k, 1.5M or 500b'],
    ['larger-than:«10kb»', 'larger-than expects a size'],
    ['larger-than:«-1»', 'larger-than expects a size'],
    ['source:«nope»', 'source must be one of page, replay, popup, proxy, webhook'],
    ['-source:«Page1»', 'source must be one of'],
    ['is:«running»', 'is must be one of error, pending'],
    ['method:«"P O"»', 'method expects an HTTP method like POST'],
    ['domain:«"a b"»', 'domain expects a host name or a glob like *.usbank.com'],
    ['header:«=abc»', 'header expects a header name like correlation-id'],
    ['header:«"a b=c"»', 'header expects a header name'],
    ['duration>«fast»', 'duration> expects milliseconds like 500'],
    ['duration<=«1min»', 'duration<= expects milliseconds'],
    ['«duration>»', 'duration> needs a value, e.g. duration>500'],
    ['«status:»', 'status: needs a value, e.g. status:4xx'],
    ['-«path:»', 'path: needs a value'],
    ['«path:""»', 'path: needs a value'],
    ['duration«:»500', 'duration does not take ":": write duration>MS'],
    ['method«>»POST', 'method does not take ">": write method:METHOD'],
    ['larger-than«=»10k', 'larger-than does not take "="'],
    ['«"abc»', 'unterminated quote'],
    ['method:POST «"abc def»', 'unterminated quote'],
    ['path:«"/a b»', 'unterminated quote'],
    ['"a" «"b\\"»', 'unterminated quote'],
    ['«/(/»', 'invalid regex'],
    ['«/[/»', 'invalid regex'],
    ['«/a/uv»', 'invalid regex'],
    ['-«/a{2,1}/»', 'invalid regex'],
    ['/«(a+)+»$/', 'regex may be too slow: nested quantifier'],
    ['-/x«(?:a*b?)*?»/', 'regex may be too slow: nested quantifier'],
    ['/«((ab)?){2}»/', 'regex may be too slow: nested quantifier'],
    ['/x«(a|aa)+»/', 'regex may be too slow: alternation inside a repeated group'],
    ['/(a)«\\1»/', 'regex may be too slow: backreference'],
    ['/(?<n>a)«\\k<n>»/', 'regex may be too slow: backreference'],
    [`«/${'a'.repeat(1001)}/»`, 'regex is longer than 1000 characters'],
  ];

  const titled = table.map(([source, message]) => [source.slice(0, 40), source, message] as const);
  it.each(titled)('%s', (_title, source, message) => {
    const { text, spans } = marked(source);
    const parsed = parseFilter(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toEqual({ message: expect.stringContaining(message), ...spans[0] });
  });

  it('reports every bad term in order and still filters by the good ones', () => {
    const { text, spans } = marked('larger-than:«y» method:GET status:«x» «"open»');
    const parsed = parseFilter(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.errors.map(({ from, to }) => ({ from, to }))).toEqual(spans);
    expect(parsed.filters).toHaveLength(1);
    expect(NAMES.filter((n) => parsed.predicate(TARGETS[n]))).toEqual(['loanStatus', 'networkError']);
  });
});

describe('parsed filters', () => {
  it('record where each term sits, including a leading -', () => {
    const parsed = parseFilter('  method:POST\t-"a b"  /x/i ');
    expect(parsed.filters.map((f) => [f.from, f.to])).toEqual([
      [2, 13],
      [14, 20],
      [22, 26],
    ]);
  });

  it('describe themselves for a help popover', () => {
    expect(
      describeFilter(
        'method:post -status:2xx "Loan yet" /v1\\/create$/ larger-than:10k duration>=1.5s has-error ' +
          'is:pending header:a=B header:c flow:X domain:*.Usbank.com path:/Poslp mime-type:JSON ' +
          'source:Page status-code:201 status>=400',
      ),
    ).toEqual([
      'method is POST',
      'not (status is 2xx)',
      'text contains "loan yet"',
      'text matches /v1\\/create$/',
      'response body larger than 10240 bytes',
      'duration ≥ 1500 ms',
      'has an error (network error or status ≥ 400)',
      'is in flight (no response yet)',
      'header a contains "b"',
      'has header c',
      'flow id starts with x',
      'domain matches *.usbank.com',
      'path contains "/poslp"',
      'response MIME type contains "json"',
      'source is page',
      'status is 201',
      'status ≥ 400',
    ]);
    expect(describeFilter('')).toEqual([]);
    expect(describeFilter('is:error')).toEqual(['has an error (network error or status ≥ 400)']);
  });

  it('treat "-" alone as nothing and "--x" as "not -x"', () => {
    expect(parseFilter('- -').filters).toEqual([]);
    expect(describeFilter('--x')).toEqual(['not (text contains "-x")']);
  });

  it('keep a replay of a create call findable by its original path', () => {
    expect(CORPUS.replay.replayOf).toBe('create');
    expect(kept('path:create source:replay')).toBe('replay' satisfies CorpusName);
  });
});

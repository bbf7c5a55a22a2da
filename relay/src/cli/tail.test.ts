import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { piiExchange } from '../sessions/__tests__/fixtures.ts';
import { buildTestRelay, USERS } from '../test-support/relay-test-app.ts';
import { backoffDelay, MAX_BACKOFF_MS, runTail } from './tail.ts';
import { parseShareUrl, parseTailArgs } from './tail-args.ts';
import { formatExchangeLine, formatFilterErrors, PLAIN } from './tail-format.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('tail arguments and formatting', () => {
  it('parses share URLs and stream URLs', () => {
    expect(parseShareUrl('http://127.0.0.1:8787/s/Sabc_1')).toEqual({
      origin: 'http://127.0.0.1:8787',
      sessionId: 'Sabc_1',
    });
    expect(parseShareUrl('https://relay.example/base/v1/sessions/S1/stream')).toEqual({
      origin: 'https://relay.example/base',
      sessionId: 'S1',
    });
    expect(parseShareUrl('ftp://x/s/S1')).toBeUndefined();
    expect(parseShareUrl('http://x/nope')).toBeUndefined();
  });

  it('parses options and joins the filter words', () => {
    expect(
      parseTailArgs(['http://h/s/S1', 'method:POST', '-status:2xx', '--json', '--token', 't'], {}),
    ).toEqual({
      shareUrl: 'http://h/s/S1',
      filter: 'method:POST -status:2xx',
      json: true,
      backlog: false,
      token: 't',
    });
    expect(parseTailArgs([], {})).toBe('missing <share-url>');
    expect(parseTailArgs(['u', '--nope'], {})).toBe('unknown option --nope');
  });

  it('prints one line per exchange with status, duration and flow hint', () => {
    const line = formatExchangeLine(piiExchange(), PLAIN);
    expect(line).toContain('POST');
    expect(line).toContain('/poslp/services/avvance-loan/v1/create');
    expect(line).toContain('201');
    expect(line).toContain('250ms');
    expect(line).toContain('[application 7b831e4d…]');
  });

  it('shows filter errors with a caret under the position', async () => {
    const err: string[] = [];
    const code = await runTail(['http://127.0.0.1:1/s/S1', 'status:abc'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => err.push(s) },
      env: {},
      stopped: new Promise(() => undefined),
    });
    expect(code).toBe(2);
    const [, text, caret] = err.join('').split('\n');
    expect(text).toBe('  status:abc');
    expect(caret).toMatch(/^ {2}\s*\^+$/);
    expect(caret!.indexOf('^')).toBeGreaterThanOrEqual(2 + 'status:'.length - 1);
    expect(formatFilterErrors('ab', [{ message: 'x', from: 1, to: 2 }])).toBe('Filter error: x\n  ab\n   ^');
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});

let relay: Awaited<ReturnType<typeof buildTestRelay>> | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await relay?.app.close();
  relay = undefined;
});

function spawnTail(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'relay/src/cli/index.ts', 'tail', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  proc.stdout!.on('data', (d) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  proc.stderr!.on('data', (d) => {
    err += d;
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred: () => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0 || proc.exitCode !== null) throw new Error(`tail: no ${what}; stderr: ${err}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, until, out: () => out, err: () => err, exited };
}

describe('tail against a relay (spawned via tsx)', () => {
  it('prints filtered lines, then exits cleanly on Ctrl-C', async () => {
    relay = await buildTestRelay();
    const session = relay.app.sessions as unknown as { create(u: typeof USERS.ada): { id: string } };
    const id = session.create(USERS.ada).id;
    const tail = spawnTail([`${relay.url}/s/${id}`, 'method:POST', '--token', relay.token(USERS.grace)]);
    await tail.until(() => tail.err().includes('subscribed to'), 'subscription');
    const get = piiExchange('ex-get');
    get.request.method = 'GET';
    relay.app.sessions.publish('partner-a', id, get, USERS.ada);
    relay.app.sessions.publish('partner-a', id, piiExchange('ex-post'), USERS.ada);
    await tail.until(() => tail.out().includes('\n'), 'line');
    const lines = tail.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/page\s+POST\s+\/poslp\/services\/avvance-loan\/v1\/create\s+201\s+250ms/);
    tail.proc.kill('SIGINT');
    expect(await tail.exited).toBe(0);
  }, 30_000);

  it('follows the relay stream when the relay restarts with a new secret (new id, same name)', async () => {
    relay = await buildTestRelay({ jwtSecret: 'first-secret-'.repeat(4) });
    const port = Number(new URL(relay.url).port);
    const before = await fetch(`${relay.url}/v1/sessions/default`, {
      headers: { authorization: `Bearer ${relay.token(USERS.ada)}` },
    }).then((r) => r.json() as Promise<{ id: string }>);
    // No --token: tail signs in locally, as `npm start` users do.
    const tail = spawnTail([`${relay.url}/s/${before.id}`, '--json']);
    await tail.until(() => tail.err().includes('subscribed to'), 'subscription');
    relay.app.sessions.publish('partner-a', before.id, piiExchange('ex-before'), USERS.ada);
    await tail.until(() => tail.out().includes('ex-before'), 'first event');

    await relay.app.close();
    relay = await buildTestRelay({ jwtSecret: 'second-secret-'.repeat(4), port });
    const after = await fetch(`${relay.url}/v1/sessions/default`, {
      headers: { authorization: `Bearer ${relay.token(USERS.ada)}` },
    }).then((r) => r.json() as Promise<{ id: string }>);
    expect(after.id).not.toBe(before.id);
    await tail.until(() => tail.err().includes(`under the new id ${after.id}`), 'restart notice', 30_000);
    await tail.until(() => (tail.err().match(/subscribed to/g) ?? []).length >= 2, 'resubscription', 30_000);
    relay.app.sessions.publish('partner-a', after.id, piiExchange('ex-after'), USERS.ada);
    await tail.until(() => tail.out().includes('ex-after'), 'event after the restart');
    expect(tail.proc.exitCode).toBeNull();
    tail.proc.kill('SIGINT');
    expect(await tail.exited).toBe(0);
  }, 60_000);

  it('--json prints masked exchanges, one per line', async () => {
    relay = await buildTestRelay();
    const id = (relay.app.sessions as unknown as { create(u: typeof USERS.ada): { id: string } }).create(
      USERS.ada,
    ).id;
    const tail = spawnTail([`${relay.url}/s/${id}`, '--json', '--token', relay.token(USERS.ada)]);
    await tail.until(() => tail.err().includes('subscribed to'), 'subscription');
    relay.app.sessions.publish('partner-a', id, piiExchange('ex-1'), USERS.ada);
    await tail.until(() => tail.out().includes('\n'), 'JSON line');
    const exchange = JSON.parse(tail.out().trim().split('\n')[0]!);
    expect(exchange).toMatchObject({ id: 'ex-1', masked: true, source: 'page' });
    expect(tail.out()).not.toContain('123-45-6789');
  }, 30_000);
});

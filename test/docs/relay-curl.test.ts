/**
 * Docs check for docs/relay.md: every ```bash block that calls curl runs, in order and in one shell,
 * against a real relay (embedded sandbox) on a free loopback port, with `set -euo pipefail`; the examples
 * use `curl -fsS`, so an HTTP error fails the block. Blocks fenced as ```bash no-run are intentionally
 * failing examples and are skipped. Also checks that every declared error code is documented.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackConfig } from '../../relay/src/app.ts';
import { RelayErrors } from '../../relay/src/errors.ts';
import { type RunningRelay, startServer } from '../../relay/src/server.ts';
import { SessionErrors, WebhookErrors } from '../../relay/src/sessions/errors.ts';

const DOC = resolve(import.meta.dirname, '../../docs/relay.md');
const DOC_BASE = 'http://127.0.0.1:8787';

/** A fenced code block: its info string (`bash`, `bash no-run`…) and body. */
interface CodeBlock {
  info: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** The fenced code blocks of a Markdown document (``` fences only; nested fences are not supported). */
function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
    blocks.push({ info: open[1]!.trim(), body: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** The runnable curl examples: ```bash blocks containing `curl`, not marked `no-run`. */
function runnableCurlBlocks(markdown: string): CodeBlock[] {
  return codeBlocks(markdown).filter((b) => {
    const [lang, ...flags] = b.info.split(/\s+/);
    return lang === 'bash' && !flags.includes('no-run') && /\bcurl\b/.test(b.body);
  });
}

function runBash(
  script: string,
  timeoutMs: number,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, out, err });
    });
  });
}

describe('docs/relay.md', () => {
  const markdown = readFileSync(DOC, 'utf8');
  let relay: RunningRelay | undefined;

  beforeAll(async () => {
    relay = await startServer({
      config: fallbackConfig(),
      host: '127.0.0.1',
      port: 0,
      log: false,
      printNotices: false,
    });
  });
  afterAll(async () => {
    await relay?.app.close();
  });

  it('parses fences and skips no-run blocks', () => {
    const md =
      '```bash\ncurl a\n```\n```bash no-run\ncurl b\n```\n```sh\ncurl c\n```\n```bash\necho d\n```\n';
    expect(runnableCurlBlocks(md).map((b) => b.body)).toEqual(['curl a']);
  });

  it('declares RELAY at the top and has curl examples for auth, replay, proxy, sessions, webhooks, metrics', () => {
    const blocks = runnableCurlBlocks(markdown);
    expect(blocks[0]?.body).toContain(`RELAY=${DOC_BASE}`);
    const all = blocks.map((b) => b.body).join('\n');
    for (const route of [
      '/v1/auth/local',
      '/v1/auth/refresh',
      '/v1/replay',
      '/v1/proxy/sandbox',
      '/v1/sessions',
      '/v1/webhooks/partner-org-name',
      '/sandbox/v1/partners/partner-org-name/webhook',
      '/metrics',
      '/readiness',
    ]) {
      expect(all, route).toContain(route);
    }
  });

  it('runs every curl example against a live relay', async () => {
    expect(spawnSync('jq', ['--version']).status, 'jq is required (scripts/setup-system.sh)').toBe(0);
    const blocks = runnableCurlBlocks(markdown);
    const base = relay!.url;
    const script = [
      'set -euo pipefail',
      ...blocks.map(
        (b) => `echo "::block docs/relay.md:${b.line}" >&2\n${b.body.split(DOC_BASE).join(base)}`,
      ),
      'echo "::done" >&2',
    ].join('\n');
    const { code, out, err } = await runBash(script, 60_000);
    const last = [...err.matchAll(/::block (\S+)/g)].at(-1)?.[1];
    expect(
      code,
      `block at ${last} failed (exit ${code}):\n--- stderr\n${err}\n--- stdout\n${out.slice(-3000)}`,
    ).toBe(0);
    expect(err).toContain('::done');
    // The replayed create gave the later blocks an application to work with.
    expect(out).toMatch(/application [0-9a-f-]{36}/);
  });

  it('documents every relay, session and webhook error code', () => {
    const codes = [RelayErrors, SessionErrors, WebhookErrors].flatMap((table) =>
      Object.values(table).map((E) => new E('x', 'x').code),
    );
    expect(codes.length).toBeGreaterThan(40);
    for (const code of codes) expect(markdown, code).toContain(`\`${code}\``);
  });
});

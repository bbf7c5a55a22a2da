/**
 * `avvance-workbench tail <share-url> [filter…]`: the live stream of a team session in the terminal,
 * like `stripe logs tail`. Reconnects with backoff and jitter and resumes where it stopped.
 */
import WebSocket from 'ws';
import { parseFilter } from '../../../shared/src/filter/parse-filter.ts';
import type { FilterPredicate } from '../../../shared/src/filter/types.ts';
import { encodeMessage } from '../../../shared/src/protocol/encode.ts';
import { PROTOCOL_VERSION } from '../../../shared/src/protocol/limits.ts';
import { parseServerMessage } from '../../../shared/src/protocol/parse.ts';
import { isLoopbackHost, parseShareUrl, parseTailArgs, TAIL_USAGE, type TailArgs } from './tail-args.ts';
import { COLORS, formatExchangeLine, formatFilterErrors, PLAIN, useColor } from './tail-format.ts';

/** Where `tail` writes, and how it learns to stop (injectable for tests). */
export interface TailIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (Ctrl-C). */
  stopped: Promise<void>;
}

/** First reconnect delay, ms; doubles up to {@link MAX_BACKOFF_MS}, with jitter. */
export const BASE_BACKOFF_MS = 500;
/** Longest reconnect delay, ms. */
export const MAX_BACKOFF_MS = 15_000;

/** Delay before reconnect attempt `n` (0-based): exponential, capped, 50–100 % jitter. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() / 2));
}

async function localToken(origin: string): Promise<string> {
  const res = await fetch(`${origin}/v1/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'tail' }),
  });
  const body = (await res.json().catch(() => ({}))) as { accessToken?: string; error?: { message?: string } };
  if (!res.ok || !body.accessToken)
    throw new Error(`local sign-in failed (${res.status}): ${body.error?.message ?? 'no token'}`);
  return body.accessToken;
}

/** Runs `tail`; resolves with the process exit code. */
export async function runTail(argv: readonly string[], io: TailIO): Promise<number> {
  const parsed = parseTailArgs(argv, io.env);
  if (typeof parsed === 'string') {
    io.stderr.write(`${parsed}\n\n${TAIL_USAGE}\n`);
    return 2;
  }
  const target = parseShareUrl(parsed.shareUrl);
  if (!target) {
    io.stderr.write(`Not a share URL: expected <relay>/s/<session id>\n\n${TAIL_USAGE}\n`);
    return 2;
  }
  const filter = parseFilter(parsed.filter);
  if (!filter.ok) {
    io.stderr.write(`${formatFilterErrors(parsed.filter, filter.errors)}\n`);
    return 2;
  }
  return new TailClient(parsed, target, filter.predicate, io).run();
}

class TailClient {
  readonly #args: TailArgs;
  readonly #origin: string;
  #sessionId: string;
  /** The name of a relay-made session (`createdBy: relay`), which the relay can find again by name. */
  #relayName: string | undefined;
  readonly #predicate: FilterPredicate;
  readonly #io: TailIO;
  readonly #palette;
  #token: string | undefined;
  #epoch: string | undefined;
  #last: number | undefined;
  #stopping = false;
  #socket: WebSocket | undefined;

  constructor(
    args: TailArgs,
    target: { origin: string; sessionId: string },
    predicate: FilterPredicate,
    io: TailIO,
  ) {
    this.#args = args;
    this.#origin = target.origin;
    this.#sessionId = target.sessionId;
    this.#predicate = predicate;
    this.#io = io;
    this.#token = args.token;
    this.#palette = useColor(io.env, io.stdout.isTTY) && !args.json ? COLORS : PLAIN;
  }

  #note(s: string): void {
    this.#io.stderr.write(`${s}\n`);
  }

  async run(): Promise<number> {
    void this.#io.stopped.then(() => {
      this.#stopping = true;
      this.#socket?.close(1000, 'tail stopped');
    });
    let attempt = 0;
    while (!this.#stopping) {
      const outcome = await this.#connectOnce().catch((e: unknown) => ({
        retry: true,
        message: e instanceof Error ? e.message : String(e),
        subscribed: false,
      }));
      if (this.#stopping) break;
      if (!outcome.retry) {
        this.#note(outcome.message);
        return 1;
      }
      attempt = outcome.subscribed ? 0 : attempt + 1;
      const delay = backoffDelay(attempt);
      this.#note(`${outcome.message}; reconnecting in ${(delay / 1000).toFixed(1)} s…`);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), this.#io.stopped]);
    }
    return 0;
  }

  async #ensureToken(): Promise<string> {
    if (this.#token) return this.#token;
    const host = new URL(this.#origin).hostname;
    if (!isLoopbackHost(host))
      throw Object.assign(
        new Error('This relay is not on this machine: pass --token (see the panel, Team → Copy token)'),
        {
          fatal: true,
        },
      );
    this.#token = await localToken(this.#origin);
    return this.#token;
  }

  async #sessionInfo(
    token: string,
    idOrName: string,
  ): Promise<{ status: number; info?: { id: string; name: string; createdBy: string } }> {
    const res = await fetch(`${this.#origin}/v1/sessions/${encodeURIComponent(idOrName)}`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch((e: Error) => {
      throw new Error(`Connection failed: ${(e.cause as { code?: string } | undefined)?.code ?? e.message}`);
    });
    if (!res.ok) {
      await res.body?.cancel();
      return { status: res.status };
    }
    return {
      status: res.status,
      info: (await res.json()) as { id: string; name: string; createdBy: string },
    };
  }

  /**
   * Checks the session before connecting. A relay restarted without a fixed JWT secret derives a new id for
   * its named sessions (the partner's relay stream): when the id is gone but the relay knows the name, tail
   * follows the new id from its start, as the panel does, instead of giving up.
   */
  async #locate(token: string): Promise<{ retry: boolean; message: string } | undefined> {
    const current = await this.#sessionInfo(token, this.#sessionId);
    if (current.info) {
      this.#relayName = current.info.createdBy === 'relay' ? current.info.name : undefined;
      return undefined;
    }
    if (current.status === 401) {
      if (!this.#args.token) this.#token = undefined; // local token from before a restart: fetch anew
      return { retry: !this.#args.token, message: 'Relay refused the token (HTTP 401)' };
    }
    if (current.status === 404 && this.#relayName !== undefined) {
      const renamed = await this.#sessionInfo(token, this.#relayName);
      if (renamed.info?.createdBy === 'relay' && renamed.info.name === this.#relayName) {
        this.#note(
          `⚠ the relay restarted with a new secret: following its ${this.#relayName} stream under the new id ${renamed.info.id}`,
        );
        this.#sessionId = renamed.info.id;
        this.#last = undefined;
        this.#epoch = undefined;
        return undefined;
      }
    }
    // Anything else (404, 403, 5xx) is left to the stream's own answer below.
    return undefined;
  }

  /** One connection; resolves when it ends, saying whether to retry. */
  async #connectOnce(): Promise<{ retry: boolean; message: string; subscribed: boolean }> {
    let token: string;
    try {
      token = await this.#ensureToken();
      const problem = await this.#locate(token);
      if (problem) return { ...problem, subscribed: false };
    } catch (e: unknown) {
      const fatal = (e as { fatal?: boolean }).fatal === true;
      return { retry: !fatal, message: e instanceof Error ? e.message : String(e), subscribed: false };
    }
    const wsUrl = `${this.#origin.replace(/^http/, 'ws')}/v1/sessions/${this.#sessionId}/stream?access_token=${encodeURIComponent(token)}`;
    return new Promise((resolve) => {
      const socket = new WebSocket(wsUrl);
      this.#socket = socket;
      let subscribed = false;
      let settled: { retry: boolean; message: string } | undefined;
      const send = (m: Parameters<typeof encodeMessage>[0]) => socket.send(encodeMessage(m));
      socket.on('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        if (status === 401 && !this.#args.token) this.#token = undefined; // local token expired: fetch anew
        const fatal = status === 403 || status === 404 || (status === 401 && this.#args.token !== undefined);
        settled = {
          retry: !fatal,
          message:
            status === 404
              ? `No team session ${this.#sessionId} on ${this.#origin}`
              : status === 403
                ? 'This team session belongs to another partner'
                : `Relay refused the connection (HTTP ${status})`,
        };
        res.resume();
        socket.terminate();
      });
      socket.on('error', (err) => {
        settled ??= { retry: true, message: `Connection failed: ${err.message}` };
      });
      socket.on('open', () => {
        send({
          v: PROTOCOL_VERSION,
          type: 'hello',
          id: 'h',
          client: { name: 'avvance-tail', version: '0.1.0' },
        });
      });
      socket.on('message', (data) => {
        const p = parseServerMessage(data as Buffer);
        if (!p.ok) return; // unknown-type from a newer relay, or garbage: ignore
        const m = p.message;
        switch (m.type) {
          case 'welcome': {
            const resume = this.#args.backlog && this.#last === undefined ? { resumeFrom: 0 } : {};
            const position =
              this.#last !== undefined
                ? { resumeFrom: this.#last, ...(this.#epoch ? { epoch: this.#epoch } : {}) }
                : resume;
            send({ v: PROTOCOL_VERSION, type: 'subscribe', id: 's', session: this.#sessionId, ...position });
            return;
          }
          case 'subscribed':
            subscribed = true;
            if (this.#epoch !== undefined && this.#epoch !== m.epoch) this.#last = undefined;
            this.#epoch = m.epoch;
            this.#note(
              `subscribed to ${m.session} (${m.members.length} member${m.members.length === 1 ? '' : 's'}, head ${m.head}) — Ctrl-C to stop`,
            );
            return;
          case 'gap': {
            const n = m.to - m.from + 1;
            if (m.reason === 'relay-restarted') {
              this.#note('⚠ the relay restarted: earlier events are gone; continuing with the new stream');
              this.#last = undefined;
            } else this.#note(`⚠ ${n} event${n === 1 ? '' : 's'} missed (${m.reason})`);
            if (m.to > (this.#last ?? 0)) this.#last = m.to;
            return;
          }
          case 'event':
            if (this.#last !== undefined && m.seq <= this.#last) return; // duplicate after resume
            this.#last = m.seq;
            if (!this.#predicate({ exchange: m.exchange })) return;
            this.#io.stdout.write(
              this.#args.json
                ? `${JSON.stringify(m.exchange)}\n`
                : `${formatExchangeLine(m.exchange, this.#palette)}\n`,
            );
            return;
          case 'error':
            this.#note(`relay: ${m.code}: ${m.message}`);
            if (m.code === 'session-not-found' || m.code === 'forbidden')
              settled = { retry: false, message: 'The team session is gone or not yours' };
            return;
          default:
            return;
        }
      });
      socket.on('close', (code, reason) => {
        this.#socket = undefined;
        const result = settled ?? {
          retry: code !== 4401,
          message: `Disconnected (${code}${reason.length ? ` ${reason.toString()}` : ''})`,
        };
        if (code === 4401 && !this.#args.token) {
          this.#token = undefined;
          result.retry = true;
        }
        resolve({ ...result, subscribed });
      });
    });
  }
}

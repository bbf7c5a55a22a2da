/** Command line of `avvance-workbench tail`. */

/** Parsed `tail` arguments. */
export interface TailArgs {
  /** `<relay origin>/s/<session id>` (or the stream URL itself). */
  shareUrl: string;
  /** Filter text (the shared filter language), the remaining words joined by spaces. */
  filter: string;
  /** Print masked exchanges as JSON lines. */
  json: boolean;
  /** Relay access token; defaults to `$AVVANCE_WORKBENCH_TOKEN`, else a local-mode token (loopback only). */
  token?: string;
  /** Replay the retained backlog first. */
  backlog: boolean;
}

/** `tail` usage text. */
export const TAIL_USAGE = `Usage: avvance-workbench tail <share-url> [filter…] [--json] [--token T] [--backlog]

  <share-url>   a team session's share URL, e.g. http://127.0.0.1:8787/s/S3x…
  [filter…]     the panel's filter language, e.g. method:POST -status:2xx source:webhook
  --json        one masked exchange per line, as JSON (for jq and pipes)
  --token T     relay access token (default: $AVVANCE_WORKBENCH_TOKEN, or a local-mode
                token from <relay>/v1/auth/local when the relay is on this machine)
  --backlog     print the session's retained events first, then live ones`;

/** Parses argv (after `tail`); a string is a usage error. */
export function parseTailArgs(argv: readonly string[], env: NodeJS.ProcessEnv): TailArgs | string {
  const words: string[] = [];
  let json = false;
  let backlog = false;
  let token = env['AVVANCE_WORKBENCH_TOKEN'] || undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--backlog') backlog = true;
    else if (a === '--token') {
      const t = argv[++i];
      if (!t) return '--token needs a value';
      token = t;
    } else if (a.startsWith('--token=')) token = a.slice('--token='.length);
    else if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else words.push(a);
  }
  const [shareUrl, ...filter] = words;
  if (!shareUrl) return 'missing <share-url>';
  const args: TailArgs = { shareUrl, filter: filter.join(' '), json, backlog };
  if (token !== undefined) args.token = token;
  return args;
}

/** Relay origin and session id from a share URL (`/s/<id>`) or a stream URL (`/v1/sessions/<id>/stream`). */
export function parseShareUrl(shareUrl: string): { origin: string; sessionId: string } | undefined {
  if (!URL.canParse(shareUrl)) return undefined;
  const u = new URL(shareUrl);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const m = /^(.*?)\/(?:s|v1\/sessions)\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})(?:\/stream)?\/?$/.exec(u.pathname);
  if (!m) return undefined;
  return { origin: `${u.origin}${m[1] ?? ''}`, sessionId: m[2]! };
}

/** True for loopback hosts, where a local-mode token may be fetched. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}

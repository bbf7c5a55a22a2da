import { Errors } from 'typebox/schema';
import { Settings } from 'typebox/system';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { findOperation, type OperationInfo } from '../../shared/src/openapi/index.ts';
import type { ReplayInput } from '../relay-client/relay-client.ts';

/** One editable name/value row (query parameter or header). */
export interface DraftRow {
  name: string;
  value: string;
}

/** Where the draft's body came from. */
export type DraftBodySource = 'example' | 'original' | 'masked' | 'none';

/** What the request builder edits: one request, before it is sent through the relay. */
export interface RequestDraft {
  /** The documented operation, when the request matches one. */
  operationId?: string;
  method: string;
  /** Path template (`/sandbox/v1/applications/{applicationGUID}/submit`) or a literal path. */
  path: string;
  pathParams: Record<string, string>;
  query: DraftRow[];
  headers: DraftRow[];
  /** JSON text of the body (`''` = no body). */
  bodyText: string;
  bodySource: DraftBodySource;
  /** Id of the captured exchange this draft replays. */
  replayOf?: string;
}

/**
 * Header names never carried into a draft (lower case): credentials (the relay injects the partner's),
 * headers the relay drops or recomputes anyway, and browser-only ones.
 */
export const STRIPPED_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'x-relay-key',
  'x-workbench-session',
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'origin',
  'referer',
  'accept-encoding',
  'accept-language',
  'user-agent',
  'priority',
  'dnt',
  'pragma',
  'cache-control',
];

/** True for headers {@link draftFromExchange} leaves out. */
export function isStrippedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return STRIPPED_HEADERS.includes(lower) || lower.startsWith('sec-') || lower.startsWith(':');
}

const exampleText = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);

const bodyText = (body: unknown): string =>
  body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body, null, 2);

/** Context for prefilling headers. */
export interface DraftContext {
  /** The signed-in user's partner, for `partner-ID`. */
  partnerId?: string;
  /** New `Correlation-ID` values. Defaults to `crypto.randomUUID`. */
  newId?: () => string;
}

function headerValue(op: OperationInfo, name: string, ctx: DraftContext): string {
  const lower = name.toLowerCase();
  if (lower === 'correlation-id') return (ctx.newId ?? (() => crypto.randomUUID()))();
  if (lower === 'partner-id' && ctx.partnerId) return ctx.partnerId;
  return exampleText(op.headerParams.find((p) => p.name === name)?.example);
}

/** A draft for `op`: required headers and query parameters prefilled from the examples, example body. */
export function draftFromOperation(op: OperationInfo, ctx: DraftContext = {}): RequestDraft {
  const headers = op.headerParams
    .filter((p) => p.required || p.name.toLowerCase() === 'correlation-id')
    .map((p) => ({ name: p.name, value: headerValue(op, p.name, ctx) }));
  if (op.requestSchema)
    headers.push({ name: 'Content-Type', value: op.requestContentType ?? 'application/json' });
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    pathParams: Object.fromEntries(op.pathParams.map((p) => [p.name, exampleText(p.example)])),
    query: op.queryParams
      .filter((p) => p.required)
      .map((p) => ({ name: p.name, value: exampleText(p.example) })),
    headers,
    bodyText: bodyText(op.requestExample),
    bodySource: op.requestExample === undefined ? 'none' : 'example',
  };
}

/**
 * A draft replaying a captured call: method, path, query, headers minus credentials (and a fresh
 * `Correlation-ID`), and the body of `original` — the unmasked copy kept in panel memory — or of the masked
 * copy when the original is gone or never was here (calls that arrived masked).
 */
export function draftFromExchange(
  captured: { masked: Exchange; original?: Exchange | undefined },
  ctx: DraftContext = {},
): RequestDraft {
  const source = captured.original ?? captured.masked;
  const { request } = source;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    url = new URL(request.url, 'http://invalid.local');
  }
  const op = findOperation(request.method, request.url);
  const casing = new Map((op?.headerParams ?? []).map((p) => [p.name.toLowerCase(), p.name]));
  const headers: DraftRow[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (isStrippedHeader(name)) continue;
    const lower = name.toLowerCase();
    const proper =
      casing.get(lower) ?? (lower === 'content-type' ? 'Content-Type' : lower === 'accept' ? 'Accept' : name);
    headers.push({
      name: proper,
      value: lower === 'correlation-id' ? (ctx.newId ?? (() => crypto.randomUUID()))() : value,
    });
  }
  const hasBody = source.requestBodyStatus === 'complete' && request.body !== undefined;
  return {
    ...(op ? { operationId: op.operationId } : {}),
    method: request.method.toUpperCase(),
    path: op && op.prefix === '' ? op.path : url.pathname,
    pathParams: op && op.prefix === '' ? { ...op.params } : {},
    query: [...url.searchParams].map(([name, value]) => ({ name, value })),
    headers,
    bodyText: hasBody ? bodyText(request.body) : '',
    // A teammate's or the relay stream's call arrived masked: its "original" is the masked copy.
    bodySource: hasBody ? (captured.original && !captured.original.masked ? 'original' : 'masked') : 'none',
    replayOf: source.id,
  };
}

/** `path` with `{name}` placeholders filled (percent-encoded). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (whole, name: string) =>
    params[name] !== undefined && params[name] !== '' ? encodeURIComponent(params[name]) : whole,
  );
}

/** A problem that keeps a draft from being sent, or a body that does not match the schema. */
export interface DraftIssue {
  where: 'path' | 'header' | 'query' | 'body';
  /** Parameter name, or the body's JSON pointer (`''` = root). */
  path: string;
  message: string;
  /** Offset in the body text, for JSON syntax errors. */
  offset?: number;
}

/** The body parsed and checked against a JSON Schema. */
export type BodyCheck =
  | { ok: true; value: unknown; issues: DraftIssue[] }
  | { ok: false; issues: DraftIssue[] };

let typeboxConfigured = false;

/** Most schema problems reported for one body. */
export const MAX_BODY_ISSUES = 50;

/**
 * Parses `text` as JSON and validates it against `schema` (when given). Syntax errors make it
 * unsendable (`ok: false`); schema problems are warnings (`ok: true` with issues) — sending an invalid
 * body on purpose is a legitimate test.
 */
export function checkBody(text: string, schema: unknown): BodyCheck {
  if (text.trim() === '') return { ok: true, value: undefined, issues: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e: unknown) {
    if (!(e instanceof SyntaxError)) throw e;
    const at = /position (\d+)/.exec(e.message);
    return {
      ok: false,
      issues: [{ where: 'body', path: '', message: e.message, ...(at ? { offset: Number(at[1]) } : {}) }],
    };
  }
  if (!schema) return { ok: true, value, issues: [] };
  if (!typeboxConfigured) {
    // Extension pages forbid eval (MV3 CSP): no compiled validators.
    Settings.Set({ useAcceleration: false });
    typeboxConfigured = true;
  }
  const [valid, errors] = Errors(schema as never, value);
  if (valid) return { ok: true, value, issues: [] };
  const seen = new Set<string>();
  const issues: DraftIssue[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const key = `${e.instancePath}|${e.message}`;
    if (seen.has(key) || issues.length >= MAX_BODY_ISSUES) continue;
    seen.add(key);
    issues.push({ where: 'body', path: e.instancePath, message: e.message });
  }
  return { ok: true, value, issues };
}

/** Outcome of {@link toReplayInput}. */
export type DraftBuild =
  | { ok: true; input: ReplayInput; warnings: DraftIssue[] }
  | { ok: false; issues: DraftIssue[] };

/** The `POST /v1/replay` body for a draft, or why it cannot be sent yet. */
export function toReplayInput(draft: RequestDraft, schema?: unknown): DraftBuild {
  const issues: DraftIssue[] = [];
  const path = fillPath(draft.path, draft.pathParams);
  for (const m of path.matchAll(/\{([^}]+)\}/g))
    issues.push({ where: 'path', path: m[1]!, message: 'path parameter is empty' });
  const body = checkBody(draft.bodyText, schema);
  if (!body.ok) issues.push(...body.issues);
  if (issues.length > 0 || !body.ok) return { ok: false, issues };
  const headers: Record<string, string> = {};
  for (const h of draft.headers) if (h.name.trim() !== '') headers[h.name.trim()] = h.value;
  const query: Record<string, string | string[]> = {};
  for (const q of draft.query) {
    const name = q.name.trim();
    if (name === '') continue;
    const prev = query[name];
    query[name] = prev === undefined ? q.value : [...(Array.isArray(prev) ? prev : [prev]), q.value];
  }
  const input: ReplayInput = { method: draft.method, path };
  if (Object.keys(query).length > 0) input.query = query;
  if (Object.keys(headers).length > 0) input.headers = headers;
  if (body.value !== undefined && draft.method !== 'GET' && draft.method !== 'HEAD') input.body = body.value;
  if (draft.replayOf) input.replayOf = draft.replayOf;
  return { ok: true, input, warnings: body.issues };
}

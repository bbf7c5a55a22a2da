import { Errors } from 'typebox/schema';
import { Settings } from 'typebox/system';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { findOperation, type OperationParam } from '../../shared/src/openapi/index.ts';
import { type ErrorInsight, explainErrorBody } from './error-hints.ts';

/** Most body problems listed for one call; the rest are counted in the last line. */
export const MAX_BODY_ISSUES = 20;

/** One way a request differs from the Avvance operation it calls. Never carries the offending value. */
export interface SpecIssue {
  where: 'header' | 'query' | 'body';
  /** Header or query name, or the body's JSON pointer (`/consumer/email`, `` for the root). */
  path: string;
  message: string;
}

/** The spec check of one call. */
export interface SpecReport {
  /** The matched operation, when the URL is a documented Avvance endpoint. */
  operation?: { operationId: string; summary: string; method: string; path: string };
  /** Empty when the request conforms (or no operation matched). */
  issues: SpecIssue[];
  /** The Avvance error code in the response, explained. */
  error?: ErrorInsight;
}

let configured = false;

/**
 * TypeBox would probe `new Function` to compile validators; extension pages forbid eval (MV3 CSP), and
 * the probe logs a CSP violation. Dynamic checking is fast enough for one call at a time.
 */
function configureTypebox(): void {
  if (configured) return;
  Settings.Set({ useAcceleration: false });
  configured = true;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function checkParam(
  where: 'header' | 'query',
  param: OperationParam,
  value: string | undefined,
  issues: SpecIssue[],
): void {
  if (value === undefined) {
    if (param.required) issues.push({ where, path: param.name, message: `required ${where} is missing` });
    return;
  }
  const [ok, errors] = Errors(param.schema as never, value);
  if (ok) return;
  const format = (param.schema as { format?: unknown }).format;
  const message =
    format === 'uuid'
      ? 'must be a UUID (v4), e.g. from crypto.randomUUID()'
      : (errors[0]?.message ?? 'does not match the spec');
  issues.push({ where, path: param.name, message });
}

function queryOf(exchange: Exchange): Record<string, string> {
  if (exchange.request.query) return exchange.request.query;
  try {
    return Object.fromEntries(new URL(exchange.request.url).searchParams);
  } catch {
    return {};
  }
}

function checkBody(exchange: Exchange, schema: unknown, issues: SpecIssue[]): void {
  const { body } = exchange.request;
  if (exchange.requestBodyStatus !== 'complete' || body === undefined) {
    if (exchange.requestBodyStatus === 'absent' || body === undefined)
      issues.push({ where: 'body', path: '', message: 'request body is missing' });
    return;
  }
  // Form-encoded and text bodies (the token endpoint) are not JSON-schema checked.
  if (typeof body !== 'object' || body === null) return;
  const [ok, errors] = Errors(schema as never, body);
  if (ok) return;
  const seen = new Set<string>();
  let extra = 0;
  for (const e of errors) {
    // `anyOf` repeats the branch failures listed just before it.
    if (e.keyword === 'anyOf') continue;
    const key = `${e.instancePath}|${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (issues.length >= MAX_BODY_ISSUES) extra++;
    else issues.push({ where: 'body', path: e.instancePath, message: e.message });
  }
  if (extra > 0) issues.push({ where: 'body', path: '', message: `${extra} more problems` });
}

/**
 * Checks a call against the Avvance OpenAPI document: the operation it calls, its required headers (and
 * their format, e.g. `Correlation-ID` as a UUID), required query parameters, and the JSON request body
 * against the operation's schema; explains an Avvance error code in the response. Pass the **original**
 * exchange for exact results: the report holds names, paths and messages only, never values.
 */
export function checkExchange(exchange: Exchange): SpecReport {
  configureTypebox();
  const report: SpecReport = { issues: [] };
  const error = exchange.response ? explainErrorBody(exchange.response.body) : undefined;
  if (error) report.error = error;
  const op = findOperation(exchange.request.method, exchange.request.url);
  if (!op) return report;
  report.operation = { operationId: op.operationId, summary: op.summary, method: op.method, path: op.path };
  for (const p of op.headerParams)
    checkParam('header', p, headerOf(exchange.request.headers, p.name), report.issues);
  const query = queryOf(exchange);
  for (const p of op.queryParams) checkParam('query', p, query[p.name], report.issues);
  if (op.requestSchema && (op.requestContentType ?? 'application/json').includes('json'))
    checkBody(exchange, op.requestSchema, report.issues);
  return report;
}

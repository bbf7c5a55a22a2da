import { dereference } from '@readme/openapi-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { check, createAjv } from './__tests__/ajv.ts';
import { collectExamples, type FoundExample } from './__tests__/walk.ts';
import { avvanceOpenApi } from './document.ts';
import { HEADER_PARAMETERS } from './parameters.ts';

type Body = { content?: Record<string, { examples?: Record<string, unknown> }> };
type Op = { requestBody?: Body; responses: Record<string, Body> };

let examples: FoundExample[] = [];
let doc: Record<string, unknown> = {};

beforeAll(async () => {
  doc = (await dereference(structuredClone(avvanceOpenApi) as never)) as unknown as Record<string, unknown>;
  examples = collectExamples(doc);
});

describe('examples', () => {
  it('finds examples everywhere (requests, responses, webhooks, parameters, schemas)', () => {
    expect(examples.length).toBeGreaterThan(150);
    expect(examples.some((e) => e.where.startsWith('POST loanStatus request'))).toBe(true);
    expect(examples.some((e) => e.where.includes('param Correlation-ID'))).toBe(true);
    expect(examples.some((e) => e.where.startsWith('components.schemas'))).toBe(true);
  });

  it('every example validates against its own schema', () => {
    const ajv = createAjv();
    const failures = examples
      .map((e) => ({ where: e.where, error: check(ajv, e.schema, e.value) }))
      .filter((f) => f.error !== undefined);
    expect(failures).toEqual([]);
  });

  it('every header parameter example validates', () => {
    const ajv = createAjv();
    for (const p of Object.values(HEADER_PARAMETERS))
      expect(check(ajv, p.schema, p.example), p.name).toBeUndefined();
  });

  it('every request body and every response with content has at least one example', () => {
    const missing: string[] = [];
    for (const section of ['paths', 'webhooks'] as const) {
      for (const [path, item] of Object.entries(doc[section] as Record<string, Record<string, Op>>)) {
        for (const [method, op] of Object.entries(item)) {
          if (method === 'servers') continue;
          const bodies: [string, Body][] = [];
          if (op.requestBody) bodies.push(['request', op.requestBody]);
          for (const [status, res] of Object.entries(op.responses)) {
            if (res.content) bodies.push([status, res]);
          }
          for (const [what, body] of bodies) {
            for (const [type, media] of Object.entries(body.content ?? {})) {
              if (Object.keys(media.examples ?? {}).length === 0)
                missing.push(`${method} ${path} ${what} ${type}`);
            }
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('uses obviously fake PII (magic phone, 666 SSNs, example.com e-mails)', () => {
    const text = JSON.stringify(avvanceOpenApi);
    const emails = text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
    expect(emails.length).toBeGreaterThan(0);
    for (const email of emails) expect(email.toLowerCase()).toMatch(/@example\.com$/);
    const ssns = text.match(/"ssn":"[^"]*"/g) ?? [];
    expect(ssns.length).toBeGreaterThan(0);
    for (const ssn of ssns) expect(ssn).toMatch(/"ssn":"666-/);
  });
});

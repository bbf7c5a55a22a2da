import { describe, expect, it } from 'vitest';
import { createRequest, hostedApplicationSubmit } from './__tests__/avvance-payloads.ts';
import { describeFindings, OPTS } from './__tests__/helpers.ts';
import { maskBody } from './masker.ts';

describe('maskBody', () => {
  it('masks an already-parsed JSON body', () => {
    const r = maskBody(createRequest, 'application/json', OPTS);
    expect((r.value as typeof createRequest).consumer.email).toMatch(/^‹email#/);
    expect(r.findings).toHaveLength(16);
  });

  it('parses JSON text, masks it and returns text', () => {
    const text = JSON.stringify(hostedApplicationSubmit);
    const r = maskBody(text, 'application/json; charset=utf-8', OPTS);
    expect(typeof r.value).toBe('string');
    const parsed = JSON.parse(r.value as string) as typeof hostedApplicationSubmit;
    expect(parsed.applicant.ssn).toMatch(/^•••-••-0000#/);
    expect(r.findings.map((f) => f.path)).toContain('applicant.ssn');
  });

  it('keeps pretty-printing of changed JSON text and exact bytes of clean JSON text', () => {
    const pretty = JSON.stringify({ email: 'a@b.co' }, null, 4);
    expect(maskBody(pretty, 'application/json', OPTS).value).toMatch(/^\{\n {2}"email": "‹email#/);
    const clean = '{"status":"SUCCESS",  "apr": 3.0}';
    expect(maskBody(clean, 'application/vnd.api+json', OPTS).value).toBe(clean);
  });

  it('sniffs JSON when there is no content type', () => {
    expect(maskBody('  [{"ssn":"123456789"}]', undefined, OPTS).value).toMatch(/"•••-••-6789#/);
  });

  it('scans unparsable JSON as text', () => {
    const r = maskBody('{"email": "a@b.co",', 'application/json', OPTS);
    expect(r.value).toMatch(/^\{"email": "‹email#[0-9a-f]{6}›",$/);
    expect(r.findings).toEqual([{ path: 'text@11', kind: 'email' }]);
  });

  it('keeps grant_type but redacts client_secret in the form-encoded token request', () => {
    expect(maskBody('grant_type=client_credentials', 'application/x-www-form-urlencoded', OPTS)).toEqual({
      value: 'grant_type=client_credentials',
      findings: [],
    });
    const r = maskBody(
      'grant_type=client_credentials&client_id=abc&client_secret=s3cr3t%2B',
      undefined,
      OPTS,
    );
    expect(r.value).toBe('grant_type=client_credentials&client_id=abc&client_secret=[REDACTED]');
    expect(describeFindings(r.findings)).toEqual(['form:client_secret → secret']);
  });

  it('scans plain text with offsets', () => {
    const r = maskBody('Customer Joe, joe@x.io, 612-555-0142', 'text/plain', OPTS);
    expect(r.value).toMatch(/^Customer Joe, ‹email#[0-9a-f]{6}›, ‹phone#[0-9a-f]{6}›$/);
    expect(r.findings).toEqual([
      { path: 'text@14', kind: 'email' },
      { path: 'text@24', kind: 'phone' },
    ]);
  });

  it('passes through absent bodies and masks non-string scalars as JSON', () => {
    expect(maskBody(undefined, undefined, OPTS).value).toBeUndefined();
    expect(maskBody(null, 'application/json', OPTS).value).toBeNull();
    expect(maskBody(42, undefined, OPTS).value).toBe(42);
  });
});

import { describe, expect, it } from 'vitest';
import * as openapi from './index.ts';

describe('openapi barrel', () => {
  it('exports the document, the helpers and the schemas', () => {
    expect(openapi.avvanceOpenApi.openapi).toBe('3.1.0');
    expect(typeof openapi.listOperations).toBe('function');
    expect(typeof openapi.findOperation).toBe('function');
    expect(typeof openapi.isReplayBlocked).toBe('function');
    expect(openapi.FinancingInitiationRequest.required).toContain('merchantId');
    expect(openapi.LoanStatusEvent.properties.eventName.const).toBe('LOAN_STATUS_DETAILS');
    expect(Object.keys(openapi.AVVANCE_SCHEMAS)).toContain('WebhookDelivery');
    expect(openapi.HEADER_PARAMETERS.PartnerId.name).toBe('partner-ID');
    expect(openapi.AVVANCE_TAGS).toContain('Pre-approval');
    expect(openapi.SAMPLE_IDS.merchantId).toBe('435523232323');
  });
});

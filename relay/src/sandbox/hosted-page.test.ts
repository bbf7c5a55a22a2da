import { describe, expect, it } from 'vitest';
import { buildSandbox } from './__tests__/helpers.ts';
import { escapeHtml } from './hosted-page.ts';

describe('hosted application page (S1)', () => {
  it('renders the documented form ids, prefill, offers, CSP, and moves the application to STARTED', async () => {
    const sb = await buildSandbox();
    const { guid } = await sb.create({
      consumer: {
        firstName: 'Jo<script>',
        lastName: 'Dow',
        email: 'jo@example.com',
        mobilePhone: '9009009000',
        billingAddress: { street1: '1 Main St', city: 'Irving', state: 'TX', postalCode: '75038' },
      },
      metadata: [{ key: 'partnerReturnUrl', value: 'http://127.0.0.1:8787/demo/orders/42' }],
      partnerReturnErrorUrl: 'https://shop.example.com/pay-another-way',
    });
    const res = await sb.app.inject({ method: 'GET', url: `/usl/avvance-installment-loans?guid=${guid}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    for (const id of [
      'application-form',
      'firstName',
      'lastName',
      'email',
      'mobilePhone',
      'ssn',
      'dob',
      'income',
      'street1',
      'street2',
      'city',
      'state',
      'postalCode',
      'routingNumber',
      'accountNumber',
      'esign',
      'submit',
      'result',
    ]) {
      expect(res.body, id).toContain(`id="${id}"`);
    }
    expect(res.body).toContain('name="offer" value="ZERO:6" checked');
    expect(res.body).toContain('value="Jo&#60;script&#62;"');
    expect(res.body).not.toContain('Jo<script>');
    expect(res.body).toContain('value="Irving"');
    expect(res.body).toContain('http://127.0.0.1:8787/demo/orders/42');
    expect(sb.core.store.findApplication(guid)!.state).toBe('APPLICATION_STARTED');

    // `&return=` overrides the create-time URL; non-http(s) values are ignored.
    const over = await sb.app.inject({
      method: 'GET',
      url: `/usl/avvance-installment-loans?guid=${guid}&return=${encodeURIComponent('https://shop.example.com/o/1')}`,
    });
    expect(over.body).toContain('https://shop.example.com/o/1');
    const js = await sb.app.inject({
      method: 'GET',
      url: `/usl/avvance-installment-loans?guid=${guid}&return=${encodeURIComponent('javascript:alert(1)')}`,
    });
    expect(js.body).not.toContain('javascript:alert');

    // Once decided, the page shows the outcome with the right return link.
    await sb.submit(guid, { ssn: '666-12-3333' });
    const done = await sb.app.inject({ method: 'GET', url: `/usl/avvance-installment-loans?guid=${guid}` });
    expect(done.body).toContain('data-status="APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT"');
    expect(done.body).toContain('href="https://shop.example.com/pay-another-way?applicationGUID=');
    await sb.close();
  });

  it('refuses a non-http return URL at create', async () => {
    const sb = await buildSandbox();
    const res = await sb.call('POST', '/poslp/services/avvance-loan/v1/create', {
      body: {
        partnerSessionId: 'p-1',
        merchantId: '435523232323',
        invoiceAmount: '400',
        partnerReturnUrl: 'javascript:alert(1)',
      },
    });
    expect(res.json().error).toMatchObject({
      code: '400.44010.4103',
      details: [{ attributeName: 'partnerReturnUrl' }],
    });
    await sb.close();
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
  });
});

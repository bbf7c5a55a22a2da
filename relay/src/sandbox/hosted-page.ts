/**
 * S1 — the simulated U.S. Bank hosted consumer application (what `consumerOnboardingURL` points to).
 *
 * Stable selectors for end-to-end tests (also in docs/sandbox.md § Hosted application page):
 *   form            #application-form
 *   prefilled       #firstName #lastName #email #mobilePhone (from the create request's `consumer`)
 *   consumer types  #ssn (666-12-0000 or 666120000), #dob (yyyy-mm-dd), #income (annual USD)
 *   address         #street1 #street2 (optional) #city #state (2 letters) #postalCode
 *   autopay bank    #routingNumber (9 digits) #accountNumber (4–17 digits)
 *   offer           input[name=offer] (value `<offerType>:<termCount>`; first one checked)
 *   consent         #esign (e-sign and credit check consent)
 *   submit          #submit
 *   outcome         #result — gets `data-status` once the flow is finished: the decision
 *                   (APPLICATION_APPROVED, APPLICATION_PARTIALLY_APPROVED,
 *                   APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION, APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT,
 *                   SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT) or ERROR; `data-final-status` is the
 *                   application's status at that point (INVOICE_PAYMENT_TRANSACTION_AUTHORIZED after an
 *                   approval, which the page accepts automatically).
 *   partial         #acceptPartial (accepts a partial approval → authorized)
 *   return link     a#returnLink — success: the sandbox-only return URL (`&return=` on the link, else
 *                   metadata `partnerReturnUrl` of create); declines/errors: `partnerReturnErrorUrl`.
 *                   `applicationGUID` and `status` (the final status) are appended to its query string.
 */
import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import { ApplicationGuid } from '../../../shared/src/openapi/index.ts';
import { HOSTED_PAGE_PATH, openApplication, safeHttpUrl } from './applications.ts';
import type { SandboxCore } from './core.ts';
import type { ApplicationRecord } from './store.ts';

const DECLINES = new Set([
  'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
  'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT',
]);

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const STYLE = `
:root{--ink:#1b2430;--muted:#5b6676;--line:#d9dee6;--brand:#0c2074;--accent:#d2202f;--ok:#137a3a;--warn:#9a6700;--bad:#b42318;--bg:#f4f6fa}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:var(--brand);color:#fff;padding:14px 24px;display:flex;align-items:center;gap:12px}
header .logo{font-weight:700;letter-spacing:.04em}header .tag{margin-left:auto;font-size:12px;background:var(--accent);padding:2px 8px;border-radius:10px}
main{max-width:760px;margin:24px auto;padding:0 16px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin-bottom:16px}
h1{font-size:22px;margin:0 0 4px}.section{margin-top:20px}label.plain{font-weight:400}h2{font-size:16px;margin:0 0 12px}.muted{color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px}
label{display:block;font-size:13px;font-weight:600;margin-bottom:4px}
input[type=text],input[type=email],input[type=tel],input[type=date],input[type=number],input[type=password]{width:100%;padding:9px 10px;border:1px solid var(--line);border-radius:6px;font:inherit}
input:focus{outline:2px solid #4f6bed;outline-offset:1px}
.offers{display:grid;gap:8px}.offer{display:flex;gap:10px;align-items:center;border:1px solid var(--line);border-radius:8px;padding:10px 12px;cursor:pointer}
.offer:has(input:checked){border-color:var(--brand);background:#eef1fb}.offer b{font-size:16px}
.consent{display:flex;gap:10px;align-items:flex-start}
button{background:var(--brand);color:#fff;border:0;border-radius:6px;padding:11px 20px;font:600 15px system-ui;cursor:pointer}
button[disabled]{opacity:.6;cursor:progress}
#result[data-status]{display:block}#result{display:none}
.outcome{border-left:6px solid var(--muted)}.outcome.ok{border-color:var(--ok)}.outcome.warn{border-color:var(--warn)}.outcome.bad{border-color:var(--bad)}
a.return{display:inline-block;margin-top:12px;color:var(--brand);font-weight:600}
footer{text-align:center;color:var(--muted);font-size:12px;margin:24px 0}
`;

const SCRIPT = `
(function(){
  var cfg = JSON.parse(document.getElementById('cfg').textContent);
  var form = document.getElementById('application-form');
  var result = document.getElementById('result');
  var button = document.getElementById('submit');
  function val(id){ var el = document.getElementById(id); return el ? el.value.trim() : ''; }
  function post(path, body){
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Correlation-ID': crypto.randomUUID() }, body: JSON.stringify(body) })
      .then(function(res){ return res.json().then(function(json){ return { ok: res.ok, json: json }; }); });
  }
  function returnHref(status, finalStatus){
    var base = cfg.declines.indexOf(status) >= 0 ? cfg.errorUrl : cfg.returnUrl;
    if (!base) return '';
    var u = new URL(base); u.searchParams.set('applicationGUID', cfg.guid); u.searchParams.set('status', finalStatus || status); return u.href;
  }
  function show(status, finalStatus, title, text, tone){
    result.className = 'card outcome ' + tone;
    result.innerHTML = '';
    var h = document.createElement('h2'); h.textContent = title; result.appendChild(h);
    var p = document.createElement('p'); p.textContent = text; result.appendChild(p);
    var href = status === 'ERROR' ? returnHref('SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT', 'ERROR') : returnHref(status, finalStatus);
    if (href) { var a = document.createElement('a'); a.id = 'returnLink'; a.className = 'return'; a.href = href; a.textContent = 'Return to merchant'; result.appendChild(a); }
    result.setAttribute('data-final-status', finalStatus || status);
    result.setAttribute('data-status', status);
    result.scrollIntoView({ block: 'nearest' });
  }
  function offer(){
    var el = document.querySelector('input[name=offer]:checked');
    if (!el) return undefined;
    var parts = el.value.split(':'); var o = cfg.offers.find(function(x){ return x.offerType === parts[0] && String(x.termCount) === parts[1]; });
    return o ? { termCount: o.termCount, apr: o.apr, offerType: o.offerType } : undefined;
  }
  function fail(message){ button.disabled = false; show('ERROR', 'ERROR', 'Something went wrong', message, 'bad'); }
  function accept(decision, selected, amountText){
    return post(cfg.acceptPath, { selectedOffer: selected, eSignConsent: true }).then(function(r){
      if (!r.ok) return fail((r.json.error && r.json.error.message) || 'Could not complete the loan');
      form.hidden = true;
      show(decision, r.json.status, 'You are approved', 'Your loan' + amountText + ' is complete. The merchant has been notified.', 'ok');
    });
  }
  form.addEventListener('submit', function(ev){
    ev.preventDefault();
    if (!form.reportValidity()) return;
    button.disabled = true;
    result.removeAttribute('data-status');
    var selected = offer();
    var body = {
      applicant: {
        firstName: val('firstName'), lastName: val('lastName'), dateOfBirth: val('dob'), ssn: val('ssn'),
        email: val('email'), mobilePhone: val('mobilePhone').replace(/\\D/g, ''),
        residentialAddress: { street1: val('street1'), city: val('city'), state: val('state').toUpperCase(), postalCode: val('postalCode'), countryCode: 'US' },
        annualIncome: Number(val('income')), incomeFrequency: 'ANNUAL'
      },
      consents: { eSignConsent: document.getElementById('esign').checked, creditPullConsent: document.getElementById('esign').checked, userAgent: navigator.userAgent },
      repayment: { autopay: true, bankAccount: { routingNumber: val('routingNumber'), accountNumber: val('accountNumber'), accountType: 'CHECKING', accountHolderName: val('firstName') + ' ' + val('lastName') } }
    };
    if (val('street2')) body.applicant.residentialAddress.street2 = val('street2');
    if (selected) body.selectedOffer = selected;
    post(cfg.submitPath, body).then(function(r){
      if (!r.ok) return fail((r.json.error && r.json.error.message) || 'The application could not be submitted');
      var s = r.json.status;
      if (s === 'APPLICATION_APPROVED') return accept(s, selected, '');
      form.hidden = true;
      if (s === 'APPLICATION_PARTIALLY_APPROVED') {
        show(s, s, 'Partially approved', 'You are approved for $' + r.json.approvedAmount + '. Accept it and pay the rest another way, or return to the merchant.', 'warn');
        var b = document.createElement('button'); b.id = 'acceptPartial'; b.type = 'button'; b.textContent = 'Accept $' + r.json.approvedAmount;
        b.addEventListener('click', function(){ b.disabled = true; cfg.offers = r.json.offers || cfg.offers; var o = cfg.offers[0]; accept(s, o && { termCount: o.termCount, apr: o.apr, offerType: o.offerType }, ' of $' + r.json.approvedAmount); });
        result.insertBefore(b, result.querySelector('#returnLink'));
      } else if (s === 'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION') {
        show(s, s, 'We need more information', 'Your credit file is frozen or your identity needs verifying. Lift the freeze and try again, or return to the merchant.', 'warn');
      } else if (s === 'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT') {
        show(s, s, 'We could not process your application', 'Please choose another payment method.', 'bad');
      } else {
        show(s, s, 'Application declined', 'We are unable to approve your application. Please choose another payment method.', 'bad');
      }
    }).catch(function(){ fail('Network error'); });
  });
})();
`;

function field(id: string, label: string, type: string, value: string, extra = ''): string {
  return `<div><label for="${id}">${label}</label><input id="${id}" name="${id}" type="${type}" value="${escapeHtml(value)}" ${extra}></div>`;
}

function money(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** The page for an application that can still be submitted (or shows its current outcome). */
export function renderApplicationPage(
  app: ApplicationRecord,
  returnUrl: string | undefined,
  nonce: string,
): string {
  const c = app.consumer ?? {};
  const addr = c.billingAddress ?? {};
  const open = ['LINK_ISSUED', 'APPLICATION_STARTED', 'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION'].includes(
    app.state,
  );
  const cfg = {
    guid: app.applicationGUID,
    submitPath: `/sandbox/v1/applications/${app.applicationGUID}/submit`,
    acceptPath: `/sandbox/v1/applications/${app.applicationGUID}/accept`,
    offers: app.offers,
    returnUrl: returnUrl ?? null,
    errorUrl: app.partnerReturnErrorUrl ?? returnUrl ?? null,
    declines: [...DECLINES],
  };
  const offers = app.offers
    .map((o, i) => {
      const promo =
        o.offerType === 'PROMO'
          ? ` · 0% for ${o.promotionTermInMonths} months, or ${money(o.promotionPaymentAmount ?? 0)}/mo to avoid interest`
          : '';
      return `<label class="offer" for="offer-${i}"><input type="radio" id="offer-${i}" name="offer" value="${o.offerType}:${o.termCount}"${i === 0 ? ' checked' : ''}>
<span><b>${money(o.paymentAmount)}/mo</b> for ${o.termCount} months · ${o.apr}% APR${promo}<br><span class="muted">Total ${money(o.totalLoanWithInterest)} · first payment ${o.firstPaymentDue ?? ''}</span></span></label>`;
    })
    .join('\n');
  const finalHref = (() => {
    const base = DECLINES.has(app.state) ? cfg.errorUrl : cfg.returnUrl;
    if (!base) return '';
    const u = new URL(base);
    u.searchParams.set('applicationGUID', app.applicationGUID);
    u.searchParams.set('status', app.state);
    return `<a id="returnLink" class="return" href="${escapeHtml(u.href)}">Return to merchant</a>`;
  })();
  const body = open
    ? `<form id="application-form" class="card" novalidate="false" autocomplete="off">
<h2>About you</h2>
<div class="grid">${field('firstName', 'First name', 'text', c.firstName ?? '', 'required')}${field('lastName', 'Last name', 'text', c.lastName ?? '', 'required')}
${field('email', 'Email', 'email', c.email ?? '', 'required')}${field('mobilePhone', 'Mobile phone', 'tel', c.mobilePhone ?? '', 'required pattern="\\d{10}|\\(\\d{3}\\) ?\\d{3}-\\d{4}|\\d{3}-\\d{3}-\\d{4}"')}
${field('ssn', 'Social Security number', 'text', '', 'required inputmode="numeric" pattern="\\d{3}-?\\d{2}-?\\d{4}" placeholder="666-12-0000"')}${field('dob', 'Date of birth', 'date', '', 'required')}
${field('income', 'Annual income (USD)', 'number', '', 'required min="0" step="1"')}</div>
<h2 class="section">Home address</h2>
<div class="grid">${field('street1', 'Street address', 'text', addr.street1 ?? '', 'required')}${field('street2', 'Apt / unit (optional)', 'text', addr.street2 ?? '')}
${field('city', 'City', 'text', addr.city ?? '', 'required')}${field('state', 'State', 'text', addr.state ?? '', 'required maxlength="2" pattern="[A-Za-z]{2}"')}
${field('postalCode', 'ZIP code', 'text', addr.postalCode ?? '', 'required pattern="\\d{5}(-?\\d{4})?"')}</div>
<h2 class="section">Autopay from your bank account</h2>
<div class="grid">${field('routingNumber', 'Routing number', 'text', '', 'required inputmode="numeric" pattern="\\d{9}" placeholder="110000000"')}${field('accountNumber', 'Account number', 'text', '', 'required inputmode="numeric" pattern="\\d{4,17}"')}</div>
<h2 class="section">Choose your plan</h2>
<div class="offers">${offers}</div>
<p class="consent"><input type="checkbox" id="esign" name="esign" required><label for="esign" class="plain">I agree to sign electronically and authorize a credit check.</label></p>
<button id="submit" type="submit">Submit application</button>
</form>
<section id="result" class="card outcome" aria-live="polite"></section>`
    : `<section id="result" class="card outcome" data-status="${escapeHtml(app.state)}" data-final-status="${escapeHtml(app.state)}"><h2>This application is already complete</h2><p>Status: ${escapeHtml(app.state)}</p>${finalHref}</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Avvance installment loan (sandbox)</title><link rel="icon" href="data:,"><style nonce="${nonce}">${STYLE}</style></head>
<body><header><span class="logo">AVVANCE</span><span>by U.S. Bank</span><span class="tag">SANDBOX</span></header>
<main><div class="card"><h1>Finance your purchase</h1><p class="muted">Purchase of <b>${money(app.invoiceAmount)}</b> at merchant ${escapeHtml(app.merchantId)} · application ${escapeHtml(app.applicationGUID)}</p>
<p class="muted">Sandbox: use phone 9009009000 and SSN ending 0000 (approve), 1111 (pending), 2222 (partial), 3333 (decline), 9999 (system error).</p></div>
${body}</main><footer>Simulated hosted application · Avvance Workbench sandbox · no real credit decision</footer>
<script type="application/json" id="cfg">${jsonForScript(cfg)}</script>
${open ? `<script nonce="${nonce}">${SCRIPT}</script>` : ''}
</body></html>`;
}

function messagePage(title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1></body></html>`;
}

function sendHtml(reply: FastifyReply, status: number, html: string, nonce?: string): FastifyReply {
  const csp = nonce
    ? `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`
    : "default-src 'none'; frame-ancestors 'none'";
  return reply
    .code(status)
    .header('Content-Security-Policy', csp)
    .header('X-Frame-Options', 'DENY')
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** S1 route: `GET /usl/avvance-installment-loans?guid=<applicationGUID>[&return=<url>]`. */
export async function hostedPageRoutes(app: FastifyInstance, { core }: { core: SandboxCore }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    HOSTED_PAGE_PATH,
    {
      config: { operationId: 'sandboxGetHostedApplication' },
      schema: {
        querystring: Type.Object({
          guid: Type.Optional(ApplicationGuid),
          return: Type.Optional(Type.String()),
        }),
        response: { 200: Type.String(), 400: Type.String(), 404: Type.String() },
      },
    },
    async (request, reply) => {
      const { guid } = request.query;
      if (!guid) return sendHtml(reply, 400, messagePage('Missing application id'));
      const found = core.store.findApplication(guid);
      const application = found ? core.touch(found) : undefined;
      if (!application || application.state === 'APPLICATION_LINK_EXPIRED')
        return sendHtml(reply, 404, messagePage('This application link has expired'));
      openApplication(core, application);
      const nonce = randomBytes(16).toString('base64');
      const returnUrl = safeHttpUrl(request.query.return) ?? application.returnUrl;
      return sendHtml(reply, 200, renderApplicationPage(application, returnUrl, nonce), nonce);
    },
  );
}

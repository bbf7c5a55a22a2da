// Northwind Outdoor demo store — browser script (vanilla JS, no dependencies).
// Talks only to the store's own backend under /api/avvance/; the backend talks to Avvance.
(() => {
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;

  function money(value) {
    return `$${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }

  function catalog() {
    const el = $('catalog');
    return el ? JSON.parse(el.textContent) : [];
  }

  /** `NW-EBIKE-TRAIL:2,NW-HELMET:1` ⇄ [{ sku, quantity }] */
  function parseItems(text) {
    return (text || '')
      .split(',')
      .map((part) => part.split(':'))
      .filter((p) => p[0])
      .map((p) => ({ sku: p[0], quantity: Number(p[1] || 1) }));
  }
  function formatItems(lines) {
    return lines.map((l) => `${l.sku}:${l.quantity}`).join(',');
  }

  async function api(method, url, body) {
    const res = await fetch(url, {
      method,
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = {};
    try {
      data = await res.json();
    } catch {
      data = {};
    }
    if (!res.ok) {
      const err = new Error(data.error?.message || `HTTP ${res.status}`);
      err.info = data.error || { code: String(res.status), message: err.message };
      throw err;
    }
    return data;
  }

  /** Shows an error; Avvance errors show their code and message as Avvance sent them. */
  function showError(el, err) {
    const info = err.info || { message: err.message };
    el.textContent = '';
    const title = document.createElement('strong');
    title.textContent =
      info.source === 'avvance'
        ? 'Avvance returned an error. '
        : info.fields
          ? 'Please check the highlighted fields. '
          : 'Something went wrong. ';
    el.append(title);
    if (info.code) {
      const code = document.createElement('code');
      code.className = 'error-code';
      code.textContent = info.code;
      el.append(code, ' ');
    }
    const msg = document.createElement('span');
    msg.className = 'error-message';
    msg.textContent = info.message || 'Unknown error';
    el.append(msg);
    el.classList.add('show');
  }
  function clearError(el) {
    el.textContent = '';
    el.classList.remove('show');
  }

  function renderOffers(container, offers) {
    container.textContent = '';
    for (const offer of offers) {
      const row = document.createElement('div');
      row.className = 'offer';
      const left = document.createElement('div');
      const kind =
        offer.offerType === 'ZERO' ? '0% APR' : offer.offerType === 'PROMO' ? 'Promo' : `${offer.apr}% APR`;
      left.textContent = `${offer.termCount} months · ${kind}`;
      const pay = document.createElement('div');
      pay.className = 'pay';
      pay.textContent = `${money(offer.paymentAmount)}/mo`;
      const sub = document.createElement('div');
      sub.className = 'sub';
      sub.textContent =
        offer.offerType === 'PROMO' && offer.promotionTermInMonths
          ? `${offer.promotionApr ?? 0}% for ${offer.promotionTermInMonths} months, then ${offer.apr}% APR`
          : `Total ${money(offer.totalLoanWithInterest)}`;
      row.append(left, pay, sub);
      container.append(row);
    }
  }

  // --- product page ---------------------------------------------------------------------------------------
  function productPage() {
    const products = catalog();
    const bike = products[0];
    const qty = $('qty');
    let timer;
    let seq = 0;

    function lines() {
      const q = Math.min(10, Math.max(1, Math.round(Number(qty.value) || 1)));
      qty.value = String(q);
      const out = [{ sku: bike.sku, quantity: q }];
      for (const box of document.querySelectorAll('.addon-check')) {
        if (box.checked) out.push({ sku: box.value, quantity: 1 });
      }
      return out;
    }

    async function update() {
      const cart = lines();
      const total = cart.reduce(
        (sum, l) => sum + products.find((p) => p.sku === l.sku).priceCents * l.quantity,
        0,
      );
      $('cart-total').textContent = money(total / 100);
      $('go-checkout').href = `/demo/checkout?items=${encodeURIComponent(formatItems(cart))}`;
      const mine = ++seq;
      const line = $('widget-line');
      try {
        const data = await api('POST', '/api/avvance/price-breakdown', { lines: cart });
        if (mine !== seq) return;
        line.textContent = '';
        if (data.asLowAs === undefined) {
          line.textContent = 'Avvance financing is not available for this amount.';
          return;
        }
        const brand = document.createElement('span');
        brand.className = 'brand';
        brand.textContent = 'Avvance';
        const strong = document.createElement('strong');
        strong.id = 'as-low-as';
        strong.textContent = `${money(data.asLowAs)}/month`;
        const more = document.createElement('button');
        more.type = 'button';
        more.className = 'link';
        more.textContent = 'See payment options';
        more.addEventListener('click', () => {
          $('widget-offers').hidden = !$('widget-offers').hidden;
        });
        line.append('As low as ', strong, ' with ', brand, '. ', more);
        renderOffers($('widget-offers'), data.offers);
      } catch (err) {
        if (mine !== seq) return;
        line.textContent = '';
        const span = document.createElement('span');
        span.className = 'muted';
        span.id = 'widget-error';
        span.textContent = `Payment options unavailable (${err.info?.code ? `${err.info.code}: ` : ''}${err.message}).`;
        line.append(span);
        $('widget-offers').hidden = true;
      }
    }
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    }
    $('qty-minus').addEventListener('click', () => {
      qty.value = String(Math.max(1, Number(qty.value) - 1));
      schedule();
    });
    $('qty-plus').addEventListener('click', () => {
      qty.value = String(Math.min(10, Number(qty.value) + 1));
      schedule();
    });
    qty.addEventListener('input', schedule);
    for (const box of document.querySelectorAll('.addon-check')) box.addEventListener('change', schedule);
    update();
  }

  // --- checkout page --------------------------------------------------------------------------------------
  function checkoutPage() {
    const products = catalog();
    const params = new URLSearchParams(location.search);
    let cart = parseItems(params.get('items')).filter((l) => products.some((p) => p.sku === l.sku));
    if (cart.length === 0 && products[0]) cart = [{ sku: products[0].sku, quantity: 1 }];
    const summary = $('summary-lines');
    let total = 0;
    for (const l of cart) {
      const p = products.find((x) => x.sku === l.sku);
      const row = document.createElement('div');
      row.className = 'summary-line';
      const name = document.createElement('span');
      name.textContent = `${p.name} × ${l.quantity}`;
      const amt = document.createElement('span');
      amt.textContent = money((p.priceCents * l.quantity) / 100);
      row.append(name, amt);
      summary.append(row);
      total += p.priceCents * l.quantity;
    }
    $('summary-total').textContent = money(total / 100);

    api('POST', '/api/avvance/price-breakdown', { lines: cart }).then(
      (data) => {
        if (data.asLowAs !== undefined) {
          $('checkout-widget').textContent =
            `As low as ${money(data.asLowAs)}/month. Checking your rate won't affect your credit score.`;
        }
      },
      () => {},
    );

    for (const option of document.querySelectorAll('.pay-option')) {
      option.addEventListener('change', () => {
        for (const o of document.querySelectorAll('.pay-option'))
          o.classList.toggle('selected', o.querySelector('input').checked);
        const card = document.querySelector('input[name="payment"][value="card"]').checked;
        $('pay-avvance').textContent = card
          ? 'Card payments are not part of this demo'
          : 'Pay over time with Avvance';
        $('pay-avvance').disabled = card;
      });
    }

    const fields = [
      'firstName',
      'lastName',
      'email',
      'mobilePhone',
      'street1',
      'street2',
      'city',
      'state',
      'postalCode',
    ];
    $('checkout-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const errorBox = $('checkout-error');
      clearError(errorBox);
      for (const f of fields) $(`${f}-error`).textContent = '';
      const v = (id) => $(id).value;
      const button = $('pay-avvance');
      button.disabled = true;
      button.textContent = 'Connecting to Avvance…';
      try {
        const data = await api('POST', '/api/avvance/checkout', {
          lines: cart,
          consumer: {
            firstName: v('firstName'),
            lastName: v('lastName'),
            email: v('email'),
            mobilePhone: v('mobilePhone'),
            billingAddress: {
              street1: v('street1'),
              street2: v('street2'),
              city: v('city'),
              state: v('state'),
              postalCode: v('postalCode'),
            },
          },
        });
        button.textContent = 'Redirecting to Avvance…';
        sessionStorage.setItem('northwind:lastOrder', data.orderId);
        location.assign(data.consumerOnboardingURL);
      } catch (err) {
        if (err.info?.fields) {
          for (const [k, msg] of Object.entries(err.info.fields)) {
            const el = $(`${k}-error`);
            if (el) el.textContent = msg;
          }
        }
        showError(errorBox, err);
        button.disabled = false;
        button.textContent = 'Pay over time with Avvance';
      }
    });
  }

  // --- order page -----------------------------------------------------------------------------------------
  function orderPage() {
    const id = document.body.dataset.orderId;
    const url = `/api/avvance/orders/${encodeURIComponent(id)}`;
    let timer;
    let busy = false;

    function kv(list, label, value) {
      if (value === undefined || value === null || value === '') return;
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      list.append(dt, dd);
    }

    function render(order) {
      const view = order.view;
      $('status-card').dataset.tone = view.tone;
      $('order-status').textContent = view.label;
      $('order-status').dataset.status = order.applicationStatus || '';
      $('order-status').dataset.loanStatus = order.loanStatus || '';
      $('order-description').textContent = view.description;
      $('order-invoice').textContent = order.invoiceId;
      const icons = { success: '✓', warning: '!', danger: '✕', neutral: '•' };
      const icon = $('status-icon');
      icon.textContent = '';
      if (icons[view.tone]) icon.textContent = icons[view.tone];
      else {
        const s = document.createElement('span');
        s.className = 'spinner';
        icon.append(s);
      }

      const details = $('order-details');
      details.textContent = '';
      kv(details, 'Amount', money(order.amount));
      for (const l of order.lines) kv(details, 'Item', `${l.name} × ${l.quantity}`);
      kv(details, 'Application status', order.applicationStatus);
      kv(details, 'Loan status', order.loanStatus);
      kv(details, 'partnerSessionId', order.partnerSessionId);
      kv(details, 'applicationGUID', order.applicationGUID);
      kv(details, 'Transaction id', order.paymentTransactionId);
      kv(details, 'Approval code', order.approvalCode);
      if (order.loanSummary) {
        kv(details, 'Term', order.loanSummary.term && `${order.loanSummary.term} months`);
        kv(details, 'APR', order.loanSummary.apr !== undefined ? `${order.loanSummary.apr}%` : undefined);
        kv(
          details,
          'Monthly payment',
          order.loanSummary.monthlyPayment && money(order.loanSummary.monthlyPayment),
        );
      }
      const refunded = order.refunds.reduce((s, r) => s + r.amount, 0);
      if (refunded > 0) kv(details, 'Refunded', money(refunded));

      const list = $('webhooks');
      list.textContent = '';
      if (order.webhooks.length === 0) {
        const li = document.createElement('li');
        li.className = 'empty';
        li.textContent = 'None yet.';
        list.append(li);
      }
      for (const w of order.webhooks) {
        const li = document.createElement('li');
        li.dataset.status = w.status || w.eventName || '';
        li.dataset.auth = w.authOk ? 'ok' : 'failed';
        const mark = document.createElement('span');
        mark.className = w.authOk ? 'ok' : 'bad';
        mark.textContent = w.authOk ? '✓' : '✕';
        mark.title = w.authOk ? 'Authenticated' : w.rejectedReason || 'Rejected';
        const name = document.createElement('span');
        name.className = 'name';
        name.textContent = w.status || w.eventName || 'unknown';
        const when = document.createElement('span');
        when.className = 'when';
        when.textContent = `${w.duplicate ? 'duplicate · ' : ''}${new Date(w.receivedAt).toLocaleTimeString()}`;
        li.append(name, mark, when);
        list.append(li);
      }

      $('other-payment').classList.toggle('show', view.offerOtherPayment);
      $('pay-another-way').href =
        `/demo/checkout?items=${encodeURIComponent(order.lines.map((l) => `${l.sku}:${l.quantity}`).join(','))}`;
      $('merchant-actions').hidden = !(view.canVoid || view.canRefund || order.loanStatus);
      $('void-btn').disabled = !view.canVoid;
      $('refund-btn').disabled = !view.canRefund;
      if (order.lastError) showError($('order-error'), { info: { source: 'avvance', ...order.lastError } });
      else clearError($('order-error'));
      return view;
    }

    async function poll() {
      clearTimeout(timer);
      try {
        const order = await api('GET', url);
        const view = render(order);
        timer = setTimeout(poll, view.settledState ? 5000 : 1500);
      } catch (err) {
        showError($('order-error'), err);
        if (err.info?.code === 'DEMO_ORDER_NOT_FOUND') {
          $('order-status').textContent = 'Order not found';
          return;
        }
        timer = setTimeout(poll, 3000);
      }
    }

    async function act(button, method, path, body) {
      if (busy) return;
      busy = true;
      button.disabled = true;
      try {
        const data = await api(method, path, body);
        if (data.order) render(data.order);
      } catch (err) {
        showError($('order-error'), err);
      } finally {
        busy = false;
        button.disabled = false;
        poll();
      }
    }

    $('void-btn').addEventListener('click', () => act($('void-btn'), 'POST', `${url}/void`, {}));
    $('refund-btn').addEventListener('click', () => {
      const amount = $('refund-amount').value;
      act($('refund-btn'), 'POST', `${url}/refund`, amount ? { amount: Number(amount) } : {});
    });
    $('settle-btn').addEventListener('click', () => act($('settle-btn'), 'POST', '/demo/sandbox/settle', {}));
    poll();
  }

  if (page === 'product') productPage();
  else if (page === 'checkout') checkoutPage();
  else if (page === 'order') orderPage();
})();

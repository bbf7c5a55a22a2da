import { readFileSync } from 'node:fs';
import type { Product } from './orders.ts';

/** The store's stylesheet and browser script (self-contained: no external assets). */
export const STORE_CSS = readFileSync(new URL('./assets/store.css', import.meta.url), 'utf8');
export const STORE_JS = readFileSync(new URL('./assets/store.js', import.meta.url), 'utf8');

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe to embed in a `<script type="application/json">`. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const LOGO = `<svg viewBox="0 0 32 32" aria-hidden="true"><circle cx="16" cy="16" r="15" fill="#fff" opacity=".14"/>
<path d="M4 24 L12 12 L16 18 L20 10 L28 24 Z" fill="#fff"/><path d="M18 13.2 L20 10 L22.4 14 L20.6 13 Z" fill="#d9822b"/></svg>`;

const BIKE = `<svg viewBox="0 0 460 300" role="img" aria-label="Ridgeline Trail e-Bike">
<ellipse cx="230" cy="268" rx="190" ry="12" fill="#000" opacity=".07"/>
<g fill="none" stroke="#1f2a24" stroke-width="10"><circle cx="110" cy="200" r="62"/><circle cx="350" cy="200" r="62"/></g>
<g fill="none" stroke="#8a958e" stroke-width="3"><circle cx="110" cy="200" r="46"/><circle cx="350" cy="200" r="46"/></g>
<g stroke="#2f5d46" stroke-width="12" stroke-linecap="round" stroke-linejoin="round" fill="none">
<path d="M110 200 L190 120 L300 120 L350 200"/><path d="M190 120 L225 205 L300 120"/><path d="M225 205 L110 200"/>
<path d="M300 120 L318 70"/><path d="M180 100 L190 120"/></g>
<rect x="200" y="128" width="70" height="26" rx="9" fill="#d9822b" transform="rotate(-0 0 0)"/>
<rect x="208" y="134" width="24" height="6" rx="3" fill="#fff" opacity=".8"/>
<path d="M160 96 h44" stroke="#1f2a24" stroke-width="10" stroke-linecap="round"/>
<path d="M306 70 h30" stroke="#1f2a24" stroke-width="8" stroke-linecap="round"/>
<circle cx="225" cy="205" r="16" fill="#1f2a24"/><circle cx="225" cy="205" r="6" fill="#d9822b"/>
<circle cx="110" cy="200" r="7" fill="#1f2a24"/><circle cx="350" cy="200" r="7" fill="#1f2a24"/></svg>`;

function layout(page: string, title: string, body: string, data = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Northwind Outdoor</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo/assets/store.css">
</head>
<body data-page="${page}"${data}>
<header class="topbar"><div class="inner wrap">
<a class="logo" href="/demo">${LOGO}Northwind Outdoor</a>
<nav><span class="nav-item">E-Bikes</span><span class="nav-item">Camping</span><span class="nav-item">Climbing</span><span class="nav-item">Sale</span></nav>
</div></header>
<div class="banner">Demo store for Avvance Workbench — sandbox only: no real money, no real credit check.</div>
<main>
${body}
</main>
<footer><div class="wrap">© Northwind Outdoor (fictional). Financing by Avvance (sandbox). Open DevTools → <strong>Avvance</strong> to watch the integration.</div></footer>
<script src="/demo/assets/store.js"></script>
</body>
</html>`;
}

function money(cents: number): string {
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Product page: the e-bike, quantity, add-ons and the "as low as" widget. */
export function renderProductPage(catalog: readonly Product[]): string {
  const [bike, ...addons] = catalog;
  if (!bike) throw new Error('empty catalogue');
  const addonRows = addons
    .map(
      (
        p,
      ) => `<label class="addon"><input type="checkbox" class="addon-check" id="addon-${escapeHtml(p.sku)}" value="${escapeHtml(p.sku)}">
<span>${escapeHtml(p.name)}<br><span class="hint">${escapeHtml(p.description)}</span></span><span class="amt">+${money(p.priceCents)}</span></label>`,
    )
    .join('\n');
  return layout(
    'product',
    bike.name,
    `<div class="crumbs">E-Bikes / Trail</div>
<div class="grid">
  <div class="hero">${BIKE}</div>
  <div>
    <h1 id="product-name">${escapeHtml(bike.name)}</h1>
    <div class="rating">★★★★★<span class="count">4.8 · 312 reviews</span></div>
    <div class="price" id="product-price" data-sku="${escapeHtml(bike.sku)}">${money(bike.priceCents)}</div>
    <ul class="features"><li>${escapeHtml(bike.description)}</li><li>Free delivery and assembly</li><li>2-year warranty, 30-day returns</li></ul>
    <div class="row"><span class="small">Quantity</span>
      <div class="qty"><button type="button" id="qty-minus" aria-label="Decrease quantity">−</button>
      <input id="qty" type="number" min="1" max="10" value="1" aria-label="Quantity">
      <button type="button" id="qty-plus" aria-label="Increase quantity">+</button></div>
    </div>
    <div class="addons">${addonRows}</div>
    <div class="widget" id="avvance-widget" aria-live="polite">
      <div id="widget-line"><span class="skeleton"></span></div>
      <div id="widget-offers" class="offers" hidden></div>
    </div>
    <div class="row"><span class="small">Total</span> <strong id="cart-total">${money(bike.priceCents)}</strong></div>
    <p><a class="btn btn-primary" id="go-checkout" href="/demo/checkout?items=${escapeHtml(bike.sku)}:1">Continue to checkout</a></p>
  </div>
</div>
<script type="application/json" id="catalog">${embedJson(catalog)}</script>`,
  );
}

/** Checkout: summary, consumer prefill and payment choice. */
export function renderCheckoutPage(catalog: readonly Product[]): string {
  const field = (id: string, label: string, type: string, value: string, extra = '', cls = '') =>
    `<label class="${cls}">${label}<input type="${type}" id="${id}" name="${id}" value="${escapeHtml(value)}" ${extra}><span class="field-error" id="${id}-error"></span></label>`;
  return layout(
    'checkout',
    'Checkout',
    `<div class="crumbs"><a href="/demo">Northwind Outdoor</a> / Checkout</div>
<h1>Checkout</h1>
<div class="grid">
  <form class="card" id="checkout-form" novalidate>
    <h2>Contact and billing</h2>
    <div class="fields">
      ${field('firstName', 'First name', 'text', 'Jordan', 'autocomplete="given-name" required')}
      ${field('lastName', 'Last name', 'text', 'Rivera', 'autocomplete="family-name" required')}
      ${field('email', 'Email', 'email', 'jordan.rivera@example.com', 'autocomplete="email" required', 'full')}
      ${field('mobilePhone', 'Mobile phone <span class="hint">(sandbox: 9009009000 is approvable, other numbers decline)</span>', 'tel', '9009009000', 'autocomplete="tel" required', 'full')}
      ${field('street1', 'Street address', 'text', '400 Nicollet Mall', 'autocomplete="address-line1" required', 'full')}
      ${field('street2', 'Apartment, suite (optional)', 'text', 'Suite 210', 'autocomplete="address-line2"', 'full')}
      ${field('city', 'City', 'text', 'Minneapolis', 'autocomplete="address-level2" required')}
      <div class="row" style="gap:14px">
        ${field('state', 'State', 'text', 'MN', 'maxlength="2" autocomplete="address-level1" required style="width:70px"')}
        ${field('postalCode', 'ZIP', 'text', '55401', 'autocomplete="postal-code" required style="width:110px"')}
      </div>
    </div>
    <fieldset>
      <legend>Payment</legend>
      <label class="pay-option selected" id="option-avvance"><input type="radio" name="payment" value="avvance" checked>
        <span><span class="title">Pay over time with Avvance</span><span class="desc" id="checkout-widget">Monthly installments from U.S. Bank Avvance. Checking your rate won't affect your credit score.</span></span></label>
      <label class="pay-option" id="option-card"><input type="radio" name="payment" value="card">
        <span><span class="title">Credit or debit card</span><span class="desc">Not part of this demo.</span></span></label>
    </fieldset>
    <div class="alert alert-error" id="checkout-error" role="alert"></div>
    <button class="btn btn-avvance" type="submit" id="pay-avvance">Pay over time with Avvance</button>
    <p class="small">You'll finish your application on Avvance's secure page, then come back here.</p>
  </form>
  <aside class="card">
    <h2>Order summary</h2>
    <div id="summary-lines"></div>
    <div class="summary-total"><span>Total</span><span id="summary-total">—</span></div>
  </aside>
</div>
<script type="application/json" id="catalog">${embedJson(catalog)}</script>`,
  );
}

/** Order page: polls the backend and shows status, webhooks and merchant actions. */
export function renderOrderPage(orderId: string): string {
  return layout(
    'order',
    'Your order',
    `<div class="crumbs"><a href="/demo">Northwind Outdoor</a> / Order</div>
<div class="grid">
  <div class="stack">
    <section class="card status-card" id="status-card" data-tone="progress">
      <div class="status-icon" id="status-icon"><span class="spinner"></span></div>
      <div><div class="small">Order <span id="order-invoice">…</span></div>
        <h1><span id="order-status">Checking with Avvance…</span></h1>
        <div id="order-description" class="small"></div></div>
    </section>
    <div class="alert alert-error" id="order-error" role="alert"></div>
    <section class="card other-payment" id="other-payment">
      <h2>Choose another payment method</h2>
      <p class="small">Avvance financing isn't available for this order. Your cart is saved.</p>
      <a class="btn btn-primary" id="pay-another-way" href="/demo/checkout">Pay another way</a>
    </section>
    <section class="card">
      <h2>Webhooks received</h2>
      <ul class="webhooks" id="webhooks"><li class="empty">None yet.</li></ul>
      <p class="small" id="webhook-auth"></p>
    </section>
  </div>
  <div class="stack">
    <section class="card">
      <h2>Details</h2>
      <dl class="kv" id="order-details"></dl>
    </section>
    <section class="card" id="merchant-actions" hidden>
      <h2>Merchant actions</h2>
      <div class="actions">
        <div class="row"><button class="btn btn-danger btn-small" id="void-btn" type="button">Void</button>
          <span class="small">Cancel an authorized purchase before it settles.</span></div>
        <div class="row"><input type="number" id="refund-amount" min="0.01" step="0.01" placeholder="Full amount">
          <button class="btn btn-ghost btn-small" id="refund-btn" type="button">Refund</button>
          <span class="small">Leave empty for a full refund.</span></div>
        <div class="row"><button class="btn btn-ghost btn-small" id="settle-btn" type="button">Run sandbox settlement</button>
          <span class="small">Sandbox only: settles authorized purchases so refunds are possible.</span></div>
      </div>
    </section>
  </div>
</div>`,
    ` data-order-id="${escapeHtml(orderId)}"`,
  );
}

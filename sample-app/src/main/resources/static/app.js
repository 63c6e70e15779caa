// The demo page: plain fetch calls to the starter's endpoints (/upsell/...) and the demo's own (/api/...).
const state = { csrf: null, me: null, names: {} };

const money = (amount, currency) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

async function call(method, url, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers[state.csrf.header] = state.csrf.token;
  }
  const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await response.json().catch(() => ({}));
  return { status: response.status, json };
}

function say(text, kind, link, linkText) {
  const result = $('result');
  result.className = kind;
  result.textContent = text;
  if (link) {
    result.append(' ', el('a', { href: link, id: 'checkout-link', textContent: linkText || 'Continue to checkout' }));
  }
}

async function loadMe() {
  state.me = (await call('GET', '/api/me')).json;
  const card = state.me.saved_card ? `saved card ${state.me.saved_card}` : 'no saved card';
  $('who').textContent = `Customer ${state.me.customer_id} · ${card}`;
  renderPlan();
}

function renderOffers(offers) {
  const box = $('offers');
  box.textContent = '';
  const order = { upsell: 0, downsell: 1, cross_sell: 2 };
  const open = offers.filter((o) => o.status === 'presented')
    .sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) || b.amount - a.amount);
  if (open.length === 0) {
    box.append(el('p', { className: 'note', textContent: 'No open offers.' }));
  }
  for (const offer of open) {
    const price = money(offer.amount, offer.currency) + (offer.tax_exclusive ? ' + tax' : '');
    const pay = state.me.saved_card ? `Pay ${price} with ${state.me.saved_card}` : `Buy for ${price}`;
    const acceptButton = el('button', { className: 'accept', textContent: pay, onclick: () => accept(offer) });
    const declineButton = el('button', { className: 'decline secondary', textContent: 'No thanks',
      onclick: () => decline(offer) });
    box.append(el('div', { className: 'offer', id: offer.id },
      el('span', { className: 'price', textContent: price }),
      el('b', { textContent: `${state.names[offer.product_id] || offer.product_id}` }),
      el('span', { className: 'note', textContent: ` (${offer.kind.replace('_', '-')})` }),
      el('p', {}, acceptButton, declineButton)));
  }
}

async function refreshOffers() {
  renderOffers((await call('GET', '/upsell/offers')).json);
  refreshFunnel();
}

async function buy() {
  const { json } = await call('POST', '/api/purchase', { product_id: 'prod_course' });
  $('purchase').textContent = json.payment_id ? `Paid for the course (payment ${json.payment_id}).` : 'Course ordered.';
  await refreshOffers();
}

async function accept(offer) {
  const { status, json } = await call('POST', `/upsell/offers/${offer.id}/accept`);
  if (status === 200) {
    say(`Done! ${money(offer.amount, offer.currency)} paid with ${state.me.saved_card} (payment ${json.payment_id}).`, 'ok');
  } else if (status === 202 && json.outcome === 'action_required') {
    say('Your bank wants you to confirm this payment.', 'warn', json.action_url, 'Confirm with your bank');
  } else if (status === 202) {
    say(`Payment sent; waiting for Dodo to confirm (payment ${json.payment_id || 'pending'}).`, 'warn');
  } else if (status === 422) {
    say(`We could not charge your saved card in one click (${json.reason}).`, 'warn', json.checkout_url);
  } else if (status === 409) {
    say(`Already accepted: ${json.result.outcome}.`, 'warn');
  } else {
    say(json.detail || `Something went wrong (${status}).`, 'err');
  }
  await refreshOffers();
}

async function decline(offer) {
  const { json } = await call('POST', `/upsell/offers/${offer.id}/decline`);
  say(json.downsell ? 'No problem. How about this instead?' : 'Offer declined.', 'note');
  await refreshOffers();
}

function renderPlan() {
  const sub = state.me.subscription;
  const buttons = $('plan-buttons');
  buttons.textContent = '';
  if (!sub) return;
  $('plan-now').textContent = `Plan: ${state.names[sub.product_id] || sub.product_id} (${sub.status}).`;
  for (const target of ['prod_basic', 'prod_pro', 'prod_team'].filter((p) => p !== sub.product_id)) {
    buttons.append(el('button', { className: 'secondary', id: `plan-${target}`,
      textContent: `Preview ${state.names[target] || target}`, onclick: () => preview(target) }));
  }
}

async function preview(target) {
  const body = { subscription_id: state.me.subscription.id, product_id: target };
  const { status, json } = await call('POST', '/upsell/plan-changes/preview', body);
  const box = $('plan-preview');
  box.textContent = '';
  if (status !== 200) {
    box.append(el('p', { className: 'err', textContent: json.detail }));
    return;
  }
  const pay = json.charge_now.amount > 0 ? `you pay ${json.charge_now.display} now`
    : json.credit_added.amount > 0 ? `you get ${json.credit_added.display} credit for your next renewals` : 'no charge';
  box.append(el('p', { id: 'plan-summary', textContent: `${json.summary} — ${pay}.` }),
    el('button', { id: 'plan-confirm', textContent: 'Confirm',
      onclick: () => change({ ...body, quote_id: json.quote_id }) }));
}

async function change(body) {
  const { status, json } = await call('POST', '/upsell/plan-changes', body);
  $('plan-preview').textContent = '';
  if (json.reason === 'QUOTE_CHANGED' || json.reason === 'QUOTE_EXPIRED') {
    say(`The price changed since you looked: ${json.quote.summary}. Please review it again.`, 'warn');
    return preview(body.product_id);
  }
  say(status < 300 ? `Plan change: ${json.status}. ${json.quote.summary}.` : json.detail, status < 300 ? 'ok' : 'err');
  await loadMe();
}

async function refreshFunnel() {
  const { json } = await call('GET', '/actuator/upsell');
  const body = $('funnel').querySelector('tbody');
  body.textContent = '';
  for (const [rule, s] of Object.entries(json.offers || {})) {
    const revenue = Object.entries(s.revenue).map(([c, a]) => money(a, c)).join(', ') || '–';
    body.append(el('tr', {}, ...[rule, s.presented, s.accepted, s.converted, s.declined, s.redirected,
      `${Math.round(s.conversionRate * 100)}%`, revenue].map((v) => el('td', { textContent: String(v) }))));
  }
}

(async function start() {
  state.csrf = (await call('GET', '/api/csrf')).json;
  for (const p of (await call('GET', '/api/products')).json) {
    state.names[p.productId] = p.name;
  }
  $('buy').onclick = buy;
  await loadMe();
  await refreshOffers();
  if (new URLSearchParams(location.search).has('paid')) {
    say('Thanks! Dodo sends us a webhook when the payment completes.', 'ok');
  }
})();

// The demo shop's page: plain fetch calls to the starter's endpoints (/upsell/...) and the demo's own (/api/...).
// Everything the customer reads is in words: no ids, no status codes, no enum names.
const state = { csrf: null, me: null, products: {} };

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const money = (amount, currency) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
const product = (id) => state.products[id] || { name: 'this item', description: '', icon: 'icons/course.svg', price: '' };
const BADGES = { upsell: 'Recommended for you', downsell: 'A lighter option', cross_sell: 'Goes well with your course',
  subscription: 'Keep learning' };
// the offers accepted in one click on this page; plan changes and order bumps have their own places
const ONE_CLICK = ['upsell', 'downsell', 'cross_sell', 'subscription'];
const COURSE_CART = [{ product_id: 'prod_course', quantity: 1 }];
const KIND_NAMES = { upsell: 'upsell', downsell: 'downsell', cross_sell: 'cross-sell', plan_upgrade: 'upgrade',
  plan_downgrade: 'downgrade', annual_switch: 'yearly switch', add_on: 'add-on', subscription: 'subscription',
  order_bump: 'order bump' };

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

// Runs one request with every button on the page disabled, so a second click cannot send it again.
async function busy(action) {
  const buttons = [...document.querySelectorAll('button:not(:disabled)')];
  buttons.forEach((button) => { button.disabled = true; });
  try {
    return await action();
  } finally {
    buttons.forEach((button) => { button.disabled = false; });
  }
}

function say(target, text, kind, link, linkText) {
  const box = $(target);
  box.className = kind;
  box.textContent = text;
  if (link) {
    box.append(' ', el('a', { href: link, id: target === 'result' ? 'checkout-link' : `${target}-link`, textContent: linkText }));
  }
}

async function loadMe() {
  state.me = (await call('GET', '/api/me')).json;
  document.body.classList.toggle('admin', state.me.admin);
  const card = state.me.saved_card ? ` · ${state.me.saved_card}` : state.me.admin ? ' · shop owner' : ' · no saved card';
  $('who').textContent = `Signed in as ${state.me.name}${card}`;
  renderPlan();
}

function renderCourse() {
  const course = product('prod_course');
  document.querySelector('#course .name').textContent = course.name;
  document.querySelector('#course .description').textContent = course.description;
  $('course-price').textContent = course.price;
  $('buy').textContent = state.me.saved_card ? `Buy the course · ${course.price} with ${state.me.saved_card}`
    : `Buy the course · ${course.price}`;
}

// Order bumps beside the course, before the purchase: ticked, the order goes through Dodo's checkout with them as
// lines; left unticked, they are declined and the course is bought as before.
async function renderBumps() {
  const box = $('bumps');
  box.textContent = '';
  if (currentOrder()) return;
  const { status, json } = await call('POST', '/upsell/bumps', { cart: COURSE_CART });
  if (status !== 200) return;
  for (const bump of json) {
    const was = bump.compare_at ? ` (instead of ${bump.compare_at.display_amount})` : '';
    box.append(el('label', { className: 'bump' },
      el('input', { type: 'checkbox', value: bump.id, id: `bump-${bump.funnel}` }),
      ` ${bump.display_text || `Add ${product(bump.product_id).name}`} ${bump.display_price}${was}`));
  }
}

function tickedBumps() {
  return [...document.querySelectorAll('#bumps input:checked')].map((box) => box.value);
}

function renderOffers(offers) {
  const box = $('offers');
  box.textContent = '';
  const order = { upsell: 0, downsell: 1, cross_sell: 2 };
  const open = offers.filter((o) => o.status === 'presented' && ONE_CLICK.includes(o.kind))
    .sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) || b.amount - a.amount);
  $('offers-section').hidden = open.length === 0 && !$('result').textContent;
  for (const offer of open) {
    const item = product(offer.product_id);
    const pay = state.me.saved_card ? `Pay ${offer.display_price} with ${state.me.saved_card}` : `Buy for ${offer.display_price}`;
    box.append(el('div', { className: 'offer', id: offer.id },
      el('img', { className: 'icon', src: item.icon, alt: '' }),
      el('div', { className: 'copy' },
        el('span', { className: `badge ${offer.kind}`, textContent: BADGES[offer.kind] || 'Special offer' }), el('br'),
        el('b', { className: 'name', textContent: item.name }),
        el('p', { className: 'description', textContent: offer.display_text || item.description })),
      el('span', { className: 'price', textContent: offer.display_price },
        ...(offer.compare_at ? [el('br'), el('s', { className: 'was', textContent: offer.compare_at.display_amount })] : [])),
      el('div', { className: 'actions' },
        el('button', { className: 'accept primary', textContent: pay, onclick: () => busy(() => accept(offer)) }),
        el('button', { className: 'decline link', textContent: 'No thanks', onclick: () => busy(() => decline(offer)) }))));
  }
}

async function refreshOffers() {
  renderOffers((await call('GET', '/upsell/offers')).json);
}

// One order id per purchase, kept for the tab: a second click, a retry or a reload after the bank or the
// checkout page is the same order, charged once; the page shows it as placed instead of offering it again.
function currentOrder() {
  const saved = sessionStorage.getItem('order');
  return saved ? JSON.parse(saved) : null;
}

function courseMessage(json) {
  switch (json.payment_status) {
    case 'succeeded': return ['Thank you! Your course is paid and ready in your library.', 'ok'];
    case undefined: case null: return ['Thank you! Your course is ordered.', 'ok'];
    case 'failed': case 'cancelled': return ['Your card was declined for the course; you have not been charged.', 'err'];
    default: return ['Thank you! Your bank is confirming the payment of the course; it is ready as soon as it does.', 'warn'];
  }
}

async function buy() {
  const ticked = tickedBumps();
  if (ticked.length > 0) {
    return checkoutWithBumps(ticked);
  }
  for (const box of document.querySelectorAll('#bumps input')) {
    await call('POST', `/upsell/offers/${box.value}/decline`);
  }
  $('bumps').textContent = '';
  const orderId = state.orderId || (state.orderId = crypto.randomUUID());
  const { status, json } = await call('POST', '/api/purchase', { product_id: 'prod_course', order_id: orderId });
  if (status !== 200) {
    say('purchase', 'We could not take your order right now. Please try again in a moment.', 'err');
    return;
  }
  const [text, kind] = courseMessage(json);
  sessionStorage.setItem('order', JSON.stringify({ id: orderId, text, kind }));
  say('purchase', text, kind);
  $('buy').hidden = true;
  await refreshOffers();
}

// With a bump ticked the order is one Dodo checkout: the course and the bump as its lines, paid on Dodo's page.
async function checkoutWithBumps(ticked) {
  const { status, json } = await call('POST', '/upsell/bumps/checkout', { cart: COURSE_CART, bumps: ticked });
  if (status !== 201 || !json.checkout_url) {
    say('purchase', 'We could not take your order right now. Please try again in a moment.', 'err');
    return;
  }
  sessionStorage.setItem('order', JSON.stringify({ id: json.session_id,
    text: 'Thank you! Your course and extras are paid on Dodo\'s checkout page; they are ready as soon as Dodo confirms.',
    kind: 'ok' }));
  location.href = json.checkout_url;
}

// Where the customer finishes a payment their bank holds (3-D Secure): Dodo gives no link for a saved card, only
// a client_secret and publishable_key for its checkout SDK. Offline, the simulator's stand-in for that SDK opens
// with them; a shop on real Dodo loads Dodo's checkout SDK here instead.
function checkoutSdkLink(clientSecret, publishableKey) {
  if (!state.me.checkout_sdk || !clientSecret) return null;
  const back = `${location.origin}/?paid=1`;
  return `${state.me.checkout_sdk}${encodeURIComponent(clientSecret)}?publishable_key=${encodeURIComponent(publishableKey || '')}`
    + `&return_url=${encodeURIComponent(back)}`;
}

// What an accept did, in the customer's words. A 409 carries the first accept's result: a second click (or a
// second tab) after a successful one says the same as the first.
function acceptMessage(status, json, offer) {
  const result = status === 409 ? (json.result || {}) : json;
  const name = product(offer.product_id).name;
  if (status === 200 || result.outcome === 'charged') {
    return [`Done! ${name} is added to your order: ${offer.display_price} paid with ${state.me.saved_card}.`, 'ok'];
  }
  if (result.outcome === 'action_required') {
    const link = result.action_url || checkoutSdkLink(result.client_secret, result.publishable_key);
    return link ? [`Your bank wants you to confirm the payment of ${offer.display_price} for ${name}.`, 'warn',
      link, 'Confirm with your bank']
      : [`Your bank is confirming the payment of ${offer.display_price} for ${name}; it is added as soon as it does.`, 'warn'];
  }
  if (result.outcome === 'pending') {
    return [`Thanks! Your bank is still confirming ${offer.display_price}; ${name} is added as soon as it does.`, 'warn'];
  }
  if (status === 422 || result.outcome === 'redirect') {
    const why = (json.reason || result.reason) === 'NO_SAVED_PAYMENT_METHOD' ? 'You have no saved card with us yet.'
      : 'Your saved card could not be charged in one click.';
    return [`${why} You can still get ${name} for ${offer.display_price}.`, 'warn', json.checkout_url || result.checkout_url,
      'Continue to checkout'];
  }
  if (status === 410 || status === 404) {
    return ['This offer is no longer available.', 'note'];
  }
  return ['Something went wrong on our side and your card was not charged. Please try again in a moment.', 'err'];
}

async function accept(offer) {
  const { status, json } = await call('POST', `/upsell/offers/${offer.id}/accept`);
  const [text, kind, link, linkText] = acceptMessage(status, json, offer);
  say('result', text, kind, link, linkText);
  await refreshOffers();
}

async function decline(offer) {
  const { status, json } = await call('POST', `/upsell/offers/${offer.id}/decline`);
  if (status !== 200) {
    say('result', 'This offer is no longer available.', 'note');
  } else {
    say('result', json.downsell ? 'No problem. How about this instead?' : 'No problem — enjoy your course!', 'note');
  }
  await refreshOffers();
}

const longDate = (iso) => new Date(iso).toLocaleDateString('en-US', { dateStyle: 'long' });

function renderPlan() {
  const sub = state.me.subscription;
  $('plans').hidden = !sub;
  const buttons = $('plan-buttons');
  buttons.textContent = '';
  $('leave').textContent = '';
  if (!sub) return;
  const plan = product(sub.product_id);
  $('plan-now').textContent = sub.cancelling ? `Your ${plan.name} membership ends on ${longDate(sub.next_billing_date)}.`
    : sub.status === 'active' ? `You are on ${plan.name} (${plan.price}). ${plan.description}`
      : `Your ${plan.name} membership is ${sub.status.replace('_', ' ')}.`;
  if (sub.cancelling) return;
  if (sub.scheduled_product_id) {
    // a cheaper plan waits for the renewal: keeping the current one is one click (the scheduled change is cancelled)
    const next = product(sub.scheduled_product_id);
    $('plan-now').textContent += ` On ${longDate(sub.next_billing_date)} you switch to ${next.name}.`;
    buttons.append(el('button', { id: 'plan-keep', className: 'primary', textContent: `Keep ${plan.name}`,
      onclick: () => busy(keepPlan) }));
    return;
  }
  if (sub.status === 'active') {
    $('leave').append(el('button', { id: 'leave-start', className: 'link', textContent: 'Cancel my membership',
      onclick: () => busy(startLeaving) }));
  }
  for (const target of ['prod_basic', 'prod_pro', 'prod_team'].filter((p) => p !== sub.product_id)) {
    const to = product(target);
    buttons.append(el('button', { id: `plan-${target}`, textContent: `Switch to ${to.name} (${to.price})`,
      onclick: () => busy(() => preview(target)) }));
  }
  if (sub.status === 'active') showTriggeredOffers(sub);
}

// Opening the membership is a moment the shop named: the starter answers the offers for it (a Basic member is shown
// the same plan billed yearly, with what a year costs now), each at most once a day.
async function showTriggeredOffers(sub) {
  const { status, json } = await call('POST', '/upsell/moments/membership-page', { subscription_id: sub.id });
  if (status !== 200 || state.me.subscription?.id !== sub.id) return;
  for (const offer of json.filter((o) => o.kind === 'annual_switch' && o.status === 'presented')) {
    const to = product(offer.product_id);
    const saving = offer.compare_at ? ` and save ${offer.compare_at.display_saving} a year` : '';
    if ($(`plan-offer-${offer.id}`)) continue;
    $('plan-buttons').append(el('button', { id: `plan-offer-${offer.id}`, className: 'yearly',
      textContent: `Pay yearly: ${to.price}${saving}`, onclick: () => busy(() => preview(offer.product_id, offer.id)) }));
  }
}

function quoteText(quote) {
  const to = product(quote.new_product_id).name;
  if (quote.effective_at === 'next_billing_date') {
    return `Switch to ${to} on ${new Date(quote.takes_effect).toLocaleDateString('en-US', { dateStyle: 'long' })}: nothing to pay today.`;
  }
  const pay = quote.charge_now.amount > 0 ? `you pay ${quote.charge_now.display} now`
    : quote.credit_added.amount > 0 ? `you get ${quote.credit_added.display} credit toward your next payments`
      : 'nothing to pay today';
  const per = product(quote.new_product_id).price.endsWith('/year') ? 'a year' : 'a month';
  return `Switch to ${to}: ${pay}, then ${quote.new_price.display} ${per}.`;
}

async function preview(target, offerId) {
  const body = { subscription_id: state.me.subscription.id, product_id: target };
  if (offerId) body.offer_id = offerId;
  const { status, json } = await call('POST', '/upsell/plan-changes/preview', body);
  const box = $('plan-preview');
  box.textContent = '';
  $('plan-result').textContent = '';
  if (status !== 200) {
    say('plan-result', 'We cannot change your plan right now. Please try again in a moment.', 'err');
    return;
  }
  box.append(el('p', { id: 'plan-summary', textContent: quoteText(json) }),
    el('div', { className: 'buttons' },
      el('button', { id: 'plan-confirm', className: 'primary', textContent: `Confirm: switch to ${product(target).name}`,
        onclick: () => busy(() => change({ ...body, quote_id: json.quote_id })) }),
      el('button', { className: 'link', textContent: 'Cancel', onclick: () => { box.textContent = ''; } })));
}

async function keepPlan() {
  const { status, json } = await call('POST', '/upsell/plan-changes/scheduled/cancel',
    { subscription_id: state.me.subscription.id });
  await loadMe();
  if (status === 200) {
    say('plan-result', `You stay on ${product(json.kept_product_id).name}; nothing changes at your next payment.`, 'ok');
  } else {
    say('plan-result', 'We could not keep your plan right now. Nothing changed; please try again in a moment.', 'err');
  }
}

// What a plan change did, next to the plan: "You are now on Pro; $50.00 charged."
function changeMessage(status, json) {
  const to = product(json.quote?.new_product_id).name;
  switch (status === 200 || status === 202 ? json.status : 'error') {
    case 'charged': return [`You are now on ${to}; ${json.quote.charge_now.display} charged to ${state.me.saved_card}.`, 'ok'];
    case 'credited': return [`You are now on ${to}; ${json.quote.credit_added.display} credit added for your next payments.`, 'ok'];
    case 'no_charge': return [`You are now on ${to}; nothing to pay today.`, 'ok'];
    case 'scheduled': return [quoteText(json.quote).replace('Switch to', 'You switch to'), 'ok'];
    case 'pending': return [`Your switch to ${to} is being confirmed by your bank.`, 'warn'];
    case 'payment_required': return [`One more step to switch to ${to}:`, 'warn', json.payment_link, 'Pay the difference'];
    case 'action_required': {
      const link = json.payment_link || checkoutSdkLink(json.client_secret, null);
      return link
        ? [`Your bank wants you to confirm this payment before you switch to ${to}.`, 'warn', link, 'Confirm with your bank']
        : [`Your bank wants you to confirm this payment before you switch to ${to}; finish it in the payment window.`, 'warn'];
    }
    case 'payment_failed': return [`Your card was declined, so you stay on your current plan.`, 'err'];
    default: return ['We could not change your plan. You have not been charged; please try again in a moment.', 'err'];
  }
}

async function change(body) {
  const { status, json } = await call('POST', '/upsell/plan-changes', body);
  $('plan-preview').textContent = '';
  if (json.reason === 'QUOTE_CHANGED' || json.reason === 'QUOTE_EXPIRED') {
    say('plan-result', 'The price changed since you looked. Please check the new figures.', 'warn');
    return preview(body.product_id, body.offer_id);
  }
  const [text, kind, link, linkText] = changeMessage(status, json);
  await loadMe();
  say('plan-result', text, kind, link, linkText);
}

// Cancelling: a reason, at most one offer, and the cancellation always one click away.
const REASONS = {
  too_expensive: 'It costs too much', unused: "I don't use it enough", missing_features: "It's missing something I need",
  switched_service: 'I found another service', customer_service: 'Support let me down',
  low_quality: "The quality isn't what I expected", too_complex: "It's too complicated", other: 'Something else',
};

function cancelButton(flowId, text) {
  return el('button', { id: 'leave-cancel', className: 'link', textContent: text,
    onclick: () => busy(() => cancelMembership(flowId)) });
}

async function startLeaving() {
  const { status, json } = await call('POST', '/upsell/retention/flows', { subscription_id: state.me.subscription.id });
  const box = $('leave');
  box.textContent = '';
  $('leave-result').textContent = '';
  if (status !== 201) {
    say('leave-result', 'We cannot change your membership right now. Please try again in a moment.', 'err');
    return;
  }
  const select = el('select', { id: 'leave-reason' }, el('option', { value: '', textContent: 'Why are you leaving?' }),
    ...json.reasons.map((reason) => el('option', { value: reason, textContent: REASONS[reason] || 'Another reason' })));
  const comment = el('textarea', { id: 'leave-comment', placeholder: 'Anything else? (optional)', maxLength: 1000 });
  box.append(el('h3', { textContent: 'Before you go' }), select, comment,
    el('div', { className: 'buttons' },
      el('button', { id: 'leave-continue', className: 'primary', textContent: 'Continue',
        onclick: () => busy(() => giveReason(json.flow_id, select.value, comment.value)) }),
      cancelButton(json.flow_id, 'Just cancel')));
}

async function giveReason(flowId, reason, comment) {
  if (!reason) {
    say('leave-result', 'Please choose a reason, or just cancel.', 'warn');
    return;
  }
  const { status, json } = await call('POST', `/upsell/retention/flows/${flowId}/reason`,
    { reason, comment: comment || null });
  const box = $('leave');
  box.textContent = '';
  $('leave-result').textContent = '';
  if (status !== 200) {
    say('leave-result', 'We cannot change your membership right now. Please try again in a moment.', 'err');
    return;
  }
  if (json.offer) {
    // a downgrade now comes with Dodo's figures: shown, and accepted only at them (the quote id)
    const figures = json.quote ? el('p', { id: 'leave-quote', className: 'note', textContent: json.quote.summary }) : '';
    box.append(el('p', { id: 'leave-offer', textContent: json.offer.display_text || 'We have an offer for you.' }), figures,
      el('div', { className: 'buttons' },
        el('button', { id: 'leave-accept', className: 'primary', textContent: 'Yes, I will stay',
          onclick: () => busy(() => stay(flowId, json.offer, json.quote)) }),
        cancelButton(flowId, 'No thanks, cancel my membership')));
  } else {
    box.append(el('p', { textContent: 'Sorry to see you go. You keep your membership until the end of the period.' }),
      el('div', { className: 'buttons' }, cancelButton(flowId, 'Confirm: cancel my membership')));
  }
}

async function stay(flowId, offer, quote) {
  const { status, json } = await call('POST', `/upsell/retention/flows/${flowId}/accept`,
    quote ? { quote_id: quote.quote_id } : undefined);
  $('leave').textContent = '';
  await loadMe();
  if (status === 202) {
    say('leave-result', 'Thank you for staying! We are confirming the change with our payment provider.', 'warn');
  } else if (status !== 200) {
    say('leave-result', 'We could not apply this offer. You can still cancel, or try again in a moment.', 'err');
  } else if (offer.kind === 'pause') {
    say('leave-result', `Your membership is paused until ${longDate(json.resume_at)}. See you then!`, 'ok');
  } else if (offer.kind === 'extend') {
    say('leave-result', `Thank you for staying: your next payment is on ${longDate(json.next_billing_date)}.`, 'ok');
  } else if (offer.kind === 'downgrade' && offer.immediately) {
    say('leave-result', `You are now on ${product(offer.product_id).name}; what was left of your plan is credited.`, 'ok');
  } else if (offer.kind === 'downgrade') {
    say('leave-result', `You move to ${product(offer.product_id).name} at your next payment; nothing to pay today.`, 'ok');
  } else if (offer.kind === 'discount') {
    const share = offer.percent_off ? `${offer.percent_off}% off` : 'discounted';
    say('leave-result', `Thank you for staying: your next ${offer.cycles > 1 ? offer.cycles + ' payments are' : 'payment is'} ${share}.`, 'ok');
  } else {
    say('leave-result', 'Thank you for staying!', 'ok');
  }
}

async function cancelMembership(flowId) {
  const { status } = await call('POST', `/upsell/retention/flows/${flowId}/cancel`);
  $('leave').textContent = '';
  await loadMe();
  if (status !== 200) {
    say('leave-result', 'We could not cancel right now. Nothing changed; please try again in a moment.', 'err');
    return;
  }
  say('leave-result', `Your membership is cancelled. You keep it until ${longDate(state.me.subscription.next_billing_date)}.`, 'ok');
}

function funnelRow(className, label, stage) {
  const revenue = Object.entries(stage.revenue).map(([c, a]) => money(a, c)).join(', ') || '–';
  const cells = [['Offer', label], ['Shown', stage.presented], ['Accepted', stage.accepted], ['Paid', stage.converted],
    ['Declined', stage.declined], ['Sent to checkout', stage.redirected],
    ['Conversion', `${Math.round(stage.conversionRate * 100)}%`], ['Revenue', revenue]];
  return el('tr', { className }, ...cells.map(([name, value]) => {
    const cell = el('td', { textContent: String(value) });
    cell.dataset.label = name;
    return cell;
  }));
}

async function refreshFunnel() {
  const { status, json } = await call('GET', '/actuator/upsell');
  const body = $('funnel').querySelector('tbody');
  body.textContent = '';
  if (status !== 200) return;
  for (const [funnel, stage] of Object.entries(json.offers || {})) {
    const kinds = Object.keys(stage.kinds || {});
    const label = kinds.length === 1 && !['upsell', 'downsell'].includes(kinds[0])
      ? `${funnel} (${KIND_NAMES[kinds[0]] || kinds[0]})` : funnel;
    body.append(funnelRow('rule', label, stage));
    const steps = Object.entries(stage.steps || {});
    if (steps.length > 1) {
      steps.forEach(([step, perStep]) => body.append(funnelRow('kind', `step: ${step}`, perStep)));
    }
  }
  renderExperiments(json.experiments || {});
  renderRetention(json.retention);
}

// The retention flows, from the store: per group, the flows with a reason, the saves, and the share still subscribed
// when measured (save-after days after the decision), beside the customers held out of the offers.
function renderRetention(readout) {
  const body = $('retention').querySelector('tbody');
  body.textContent = '';
  if (!readout) return;
  const names = { holdout: 'Held out (no offer)', none: 'No offer applied' };
  for (const arm of readout.arms) {
    const kept = arm.measured > 0
      ? `${percent(arm.keptRate)} (${percent(arm.keptLow)}–${percent(arm.keptHigh)})` : 'not measured yet';
    const cells = [['Group', names[arm.arm] || `Offer: ${arm.arm}`], ['Cancel flows', arm.flows], ['Saved', arm.saves],
      ['Save rate', percent(arm.saveRate)], ['Measured', arm.measured], ['Still subscribed (95 %)', kept],
      ['Chance to keep more than held out', arm.probabilityAboveHoldout == null ? '–' : percent(arm.probabilityAboveHoldout)]];
    body.append(el('tr', {}, ...cells.map(([name, value]) => {
      const cell = el('td', { textContent: String(value) });
      cell.dataset.label = name;
      return cell;
    })));
  }
  const note = $('retention-note');
  const vs = readout.treatedVsHoldout;
  note.textContent = `From the store: the same on every instance. ${percent(readout.holdoutShare)} of customers are held out. Measured ${readout.saveAfterDays} days after each decision. `
    + (vs && vs.holdoutMeasured > 0 && vs.treatedMeasured > 0
      ? `With the flow, ${percent(vs.treatedKeptRate)} stay; without, ${percent(vs.holdoutKeptRate)}: the flow adds ${(vs.lift * 100).toFixed(1)} points.`
      : 'The comparison with the held out appears once both are measured.');
}

const percent = (rate) => `${(rate * 100).toFixed(1)}%`;

// The experiment readout, from the store (the same on every instance): per variant, customers, exposures,
// conversion with its 95 % credible interval, the chance to beat the control (Bayesian), and the difference from the
// control as an always-valid interval: read it every day; stop when it leaves zero. Then the split's check, what the
// offers add against the holdout, and the guardrails, in words.
const points = (difference) => `${difference >= 0 ? '+' : ''}${(difference * 100).toFixed(1)} pts`;

function renderExperiments(experiments) {
  const body = $('experiments').querySelector('tbody');
  body.textContent = '';
  const notes = $('experiments-notes');
  notes.textContent = '';
  for (const [id, readout] of Object.entries(experiments)) {
    for (const v of readout.variants) {
      const perExposure = Object.entries(v.netRevenuePerExposure).map(([c, a]) => money(Math.round(a), c)).join(', ') || '–';
      const difference = v.control ? '–' : v.conversionDifference
        ? `${points(v.conversionDifference[0])} to ${points(v.conversionDifference[1])}` : 'too few yet';
      const cells = [['Variant', `${id}: ${v.variant}${v.control ? ' (control)' : ''}`], ['Customers', v.customers],
        ['Shown', v.exposures], ['Paid', v.conversions],
        ['Conversion', `${percent(v.conversionRate)} (${percent(v.conversionLow)}–${percent(v.conversionHigh)})`],
        ['Versus control (always valid)', difference],
        ['Net revenue per shown', perExposure], ['Refunds', percent(v.refundRate) + (v.guardrails.length ? ' ⚠ ' + v.guardrails.join(', ') : '')],
        ['Chance to beat control', v.probabilityToBeatControl == null ? '–' : percent(v.probabilityToBeatControl)]];
      body.append(el('tr', {}, ...cells.map(([name, value]) => {
        const cell = el('td', { textContent: String(value) });
        cell.dataset.label = name;
        return cell;
      })));
    }
    const words = [];
    words.push(readout.sampleRatio.verdict === 'ok' ? 'The split matches the configuration.'
      : `The split does not match the configuration (p = ${readout.sampleRatio.pValue.toExponential(1)}): find out why before trusting these numbers.`);
    if (readout.adaptive) words.push('Customers are allocated to the better variant as results come in (a bandit).');
    const inc = readout.incremental;
    if (inc && inc.currency) {
      words.push(`Offers bring ${money(Math.round(inc.revenuePerTreated), inc.currency)} per customer, against ${money(Math.round(inc.revenuePerHeldOut), inc.currency)} for the ${readout.heldOut} held out.`);
    } else if (readout.holdoutShare > 0) {
      words.push(`${readout.heldOut} customers held out (shown nothing).`);
    }
    notes.append(el('p', { className: 'note', id: `experiment-${id}`, textContent: `${id}: ${words.join(' ')}` }));
  }
}

(async function start() {
  state.csrf = (await call('GET', '/api/csrf')).json;
  for (const p of (await call('GET', '/api/products')).json) {
    state.products[p.id] = p;
  }
  $('buy').onclick = () => busy(buy);
  await loadMe();
  if (state.me.admin) {
    await refreshFunnel();
    return;
  }
  renderCourse();
  await renderBumps();
  renderPlan();
  const order = currentOrder();
  if (order) {
    // back from the bank or the checkout page: the order is placed, not lost
    state.orderId = order.id;
    $('buy').hidden = true;
    say('purchase', order.text, order.kind);
  }
  await refreshOffers();
  if (new URLSearchParams(location.search).has('paid')) {
    $('offers-section').hidden = false;
    say('result', 'Thank you! Your payment is confirmed as soon as Dodo tells us, usually within seconds.', 'ok');
  }
})();

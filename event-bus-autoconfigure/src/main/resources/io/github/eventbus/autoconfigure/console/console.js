// The event-bus console: plain script, no build step. Positions, checkpoints and lags arrive as strings
// (PostgreSQL positions may pass 2^53) and are only ever displayed, never parsed into numbers.
(function () {
  'use strict';
  const base = document.body.dataset.base;
  const refresh = Number(document.body.dataset.refresh) || 2000;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]');
  const csrfToken = document.querySelector('meta[name="csrf-token"]');
  let writable = false;
  let previous = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  async function getJson(path) {
    const response = await fetch(base + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
    return response.json();
  }

  async function write(method, path) {
    const headers = { Accept: 'application/json' };
    if (csrfHeader && csrfToken) headers[csrfHeader.content] = csrfToken.content;
    const response = await fetch(base + path, { method: method, headers: headers, credentials: 'same-origin' });
    if (!response.ok) throw new Error(method + ' ' + path + ': HTTP ' + response.status);
    return response.json();
  }

  function rate(observer, sampledAt) {
    if (!previous || observer.handled == null) return '–';
    const before = previous.counts[observer.id];
    const seconds = (sampledAt - previous.sampledAt) / 1000;
    if (before == null || seconds <= 0) return '–';
    return ((Number(observer.handled) - Number(before)) / seconds).toFixed(1);
  }

  function renderObservers(overview) {
    const body = document.querySelector('#observers tbody');
    body.replaceChildren();
    const select = document.getElementById('dead-letter-observer');
    const known = new Set(Array.from(select.options).map((option) => option.value));
    for (const observer of overview.observers) {
      const row = el('tr');
      row.dataset.observer = observer.id;
      row.append(el('td', observer.id), el('td', observer.kind), el('td', observer.state, 'state-' + observer.state),
        el('td', observer.owner || '–'), el('td', observer.checkpoint || '–', 'num'),
        el('td', observer.lag || '–', 'num' + (observer.lag && observer.lag !== '0' ? ' lagging' : '')),
        el('td', observer.mailbox || '–', 'num'), el('td', observer.deadLetters || '–', 'num'),
        el('td', rate(observer, overview.sampledAt), 'num'));
      body.append(row);
      for (const segment of observer.segments || []) {
        const sub = el('tr', null, 'segment');
        sub.append(el('td', 'segment ' + segment.segment), el('td', ''), el('td', segment.state || ''),
          el('td', segment.owner || '–'), el('td', segment.checkpoint || '–', 'num'), el('td', segment.lag || '–', 'num'),
          el('td', ''), el('td', segment.deadLetters || '', 'num'), el('td', ''));
        body.append(sub);
      }
      if (observer.kind === 'durable' && !known.has(observer.id)) {
        select.append(new Option(observer.id, observer.id));
      }
    }
    const counts = {};
    overview.observers.forEach((observer) => { counts[observer.id] = observer.handled; });
    previous = { sampledAt: overview.sampledAt, counts: counts };
  }

  async function showEvent(id) {
    const target = document.getElementById('dead-letter-event');
    try {
      const event = await getJson('/api/dead-letters/' + encodeURIComponent(id) + '/event');
      target.textContent = JSON.stringify(event, null, 2);
    } catch (error) {
      target.textContent = String(error);
    }
    target.hidden = false;
  }

  async function act(button, method, path) {
    button.disabled = true;
    try {
      await write(method, path);
      await load();
    } catch (error) {
      showError(error);
      button.disabled = false;
    }
  }

  function renderDeadLetters(entries) {
    const body = document.querySelector('#dead-letters tbody');
    body.replaceChildren();
    document.getElementById('dead-letter-count').textContent = String(entries.length);
    document.getElementById('no-dead-letters').hidden = entries.length > 0;
    for (const entry of entries) {
      const row = el('tr');
      row.dataset.deadLetter = entry.id;
      const actions = el('td');
      const show = el('button', 'event', 'show-event');
      show.addEventListener('click', () => showEvent(entry.id));
      const replay = el('button', entry.replayRequested ? 'replaying…' : 'replay', 'replay');
      replay.disabled = !writable || entry.replayRequested;
      replay.title = writable ? 'Deliver this event (and those parked behind it) again' : 'Read-only console';
      replay.addEventListener('click', () => act(replay, 'POST', '/api/dead-letters/' + encodeURIComponent(entry.id) + '/replay'));
      const discard = el('button', 'discard', 'discard');
      discard.disabled = !writable;
      discard.addEventListener('click', () => {
        if (window.confirm('Discard dead letter ' + entry.id + ' for good?')) {
          act(discard, 'DELETE', '/api/dead-letters/' + encodeURIComponent(entry.id));
        }
      });
      actions.append(show, ' ', replay, ' ', discard);
      const error = el('td');
      error.append(el('div', entry.error || ''), el('div', entry.message || '', 'muted'));
      row.append(el('td', entry.id), el('td', entry.observer), el('td', entry.stream), el('td', entry.position, 'num'),
        el('td', entry.type), el('td', entry.status), el('td', entry.attempts, 'num'), error, actions);
      body.append(row);
    }
  }

  function showError(error) {
    const target = document.getElementById('error');
    target.textContent = String(error);
    target.hidden = false;
  }

  async function load() {
    try {
      const overview = await getJson('/api/overview');
      writable = overview.writable;
      const access = document.getElementById('access');
      access.textContent = writable ? 'replay and discard enabled' : 'read-only';
      access.className = 'badge' + (writable ? ' write' : '');
      document.getElementById('store').textContent = 'store ' + overview.store.type
        + (overview.store.head ? ', head position ' + overview.store.head : '');
      renderObservers(overview);
      const observer = document.getElementById('dead-letter-observer').value;
      renderDeadLetters(await getJson('/api/dead-letters' + (observer ? '?observer=' + encodeURIComponent(observer) : '')));
      document.getElementById('refreshed').textContent = 'updated ' + new Date(overview.sampledAt).toLocaleTimeString();
      const error = document.getElementById('error');
      error.hidden = !overview.error;
      error.textContent = overview.error || '';
    } catch (error) {
      showError(error);
    }
  }

  async function loadStream(id) {
    const body = document.querySelector('#stream tbody');
    body.replaceChildren();
    const events = await getJson('/api/streams?id=' + encodeURIComponent(id));
    for (const event of events) {
      const row = el('tr');
      const payload = el('td');
      payload.append(el('pre', JSON.stringify(event.payload)));
      row.append(el('td', event.version, 'num'), el('td', event.position, 'num'), el('td', event.type),
        el('td', event.occurredAt), payload);
      body.append(row);
    }
    if (events.length === 0) {
      const row = el('tr');
      row.append(el('td', 'No events in stream ' + id, 'muted'));
      body.append(row);
    }
  }

  document.getElementById('dead-letter-observer').addEventListener('change', load);
  document.getElementById('stream-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadStream(document.getElementById('stream-id').value.trim()).catch(showError);
  });
  load();
  window.setInterval(load, refresh);
}());

// ClipFusion line dashboard: reads everything through /api/v1 with the operator's token (kept in this browser's
// localStorage), follows new results over the server-sent event stream, and never builds HTML from data (only
// textContent), so no result field can inject markup.
'use strict';

(() => {
  const TOKEN_KEY = 'clipfusion.token';
  const MAX_RECENT = 60;
  const state = {
    token: null,
    results: new Map(),      // requestId -> result record
    categories: new Map(),   // name -> category
    pictures: new Map(),     // picture URL -> object URL
    stream: null,            // AbortController of the event stream
    timers: [],
  };

  const $ = (id) => document.getElementById(id);

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  function api(path, options = {}) {
    const headers = Object.assign({ Authorization: 'Bearer ' + state.token }, options.headers || {});
    return fetch(path, Object.assign({}, options, { headers, cache: 'no-store' }));
  }

  async function failure(response) {
    try {
      const body = await response.json();
      return new ApiError(response.status, body.error.code, body.error.message);
    } catch (e) {
      return new ApiError(response.status, 'http_' + response.status, response.statusText || 'request failed');
    }
  }

  async function getJson(path) {
    const response = await api(path);
    if (!response.ok) {
      throw await failure(response);
    }
    return response.json();
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function formatScore(value) {
    return typeof value === 'number' ? value.toFixed(4) : 'n/a';
  }

  function formatThreshold(threshold) {
    if (!threshold || threshold.value === null || threshold.value === undefined) {
      return 'unset';
    }
    return threshold.value.toFixed(4) + ' (' + threshold.source + ')';
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  // --- access --------------------------------------------------------------------------------------------------

  function showLogin(message) {
    stop();
    $('dashboard').hidden = true;
    $('forget-token').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    setBadge('connection', message ? 'refused' : 'offline', message ? 'refused' : 'offline');
  }

  async function open(token) {
    state.token = token;
    let status;
    try {
      status = await getJson('/api/v1/status');
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        localStorage.removeItem(TOKEN_KEY);
        showLogin('Access refused: ' + e.message);
      } else {
        showLogin('The server cannot be reached: ' + e.message);
      }
      return;
    }
    localStorage.setItem(TOKEN_KEY, token);
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('forget-token').hidden = false;
    showStatus(status);
    await Promise.all([refreshCategories(), loadRecent()]).catch(showPanelError);
    followEvents();
    every(5000, refreshSinks);
    every(10000, refreshScorers);
    every(10000, () => getJson('/api/v1/status').then(showStatus));
    every(15000, refreshCategories);
  }

  function stop() {
    if (state.stream) {
      state.stream.abort();
      state.stream = null;
    }
    state.timers.forEach(clearInterval);
    state.timers = [];
  }

  function every(ms, task) {
    const run = () => Promise.resolve().then(task).catch(showPanelError);
    run();
    state.timers.push(setInterval(run, ms));
  }

  function showPanelError(e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403) && e.code !== 'forbidden') {
      localStorage.removeItem(TOKEN_KEY);
      showLogin('Access refused: ' + e.message);
      return;
    }
    $('upload-status').textContent = 'Last error: ' + e.message;
  }

  function setBadge(id, dataState, text) {
    const badge = $(id);
    badge.dataset.state = dataState;
    badge.textContent = text;
  }

  function showStatus(status) {
    const loaded = (status.scorers || []).filter((s) => s.endsWith(' LOADED')).length;
    const up = status.engine === 'RUNNING' && status.runtime && status.runtime.ready && loaded > 0;
    setBadge('health', up ? 'UP' : 'DOWN', 'engine ' + status.engine.toLowerCase() + ', ' + loaded + ' scorer'
      + (loaded === 1 ? '' : 's') + ' loaded');
  }

  // --- results -------------------------------------------------------------------------------------------------

  async function loadRecent() {
    const body = await getJson('/api/v1/results?limit=200');
    body.results.slice().reverse().forEach((result) => remember(result));
    renderAll();
  }

  function remember(result) {
    state.results.set(result.requestId, result);
    if (state.results.size > 1000) {
      state.results.delete(state.results.keys().next().value);
    }
  }

  function newest() {
    let latest = null;
    for (const result of state.results.values()) {
      if (!latest || result.time > latest.time) {
        latest = result;
      }
    }
    return latest;
  }

  function onResult(result) {
    remember(result);
    renderCard(result);
    const latest = newest();
    if (latest && latest.requestId === result.requestId) {
      renderLatest(result);
    }
    renderCounts();
    renderHistogram();
  }

  function renderAll() {
    const sorted = Array.from(state.results.values()).sort((a, b) => (a.time < b.time ? -1 : 1));
    sorted.slice(-MAX_RECENT).forEach((result) => renderCard(result));
    const latest = newest();
    if (latest) {
      renderLatest(latest);
    }
    renderCounts();
    renderHistogram();
  }

  function picture(img, url, name) {
    img.alt = name;
    img.className = name;
    img.dataset.loaded = 'false';
    const known = state.pictures.get(url);
    const show = (objectUrl) => {
      img.onload = () => { img.dataset.loaded = 'true'; };
      img.src = objectUrl;
    };
    if (known) {
      show(known);
      return img;
    }
    api(url).then((response) => {
      if (!response.ok) {
        throw new Error(name + ' not available (' + response.status + ')');
      }
      return response.blob();
    }).then((blob) => {
      const objectUrl = URL.createObjectURL(blob);
      state.pictures.set(url, objectUrl);
      show(objectUrl);
    }).catch((e) => {
      img.dataset.loaded = 'failed';
      img.title = e.message;
    });
    return img;
  }

  function pictureUrl(result, kind) {
    // the overlay changes once the inspected image is kept: key it by whether the image link exists
    return result.links[kind] + (kind === 'overlay' && result.links.image ? '?with=image' : '');
  }

  function renderCard(result, onTop) {
    const list = $('recent');
    let item = list.querySelector('li[data-request-id="' + CSS.escape(result.requestId) + '"]');
    const fresh = !item;
    if (fresh) {
      item = element('li');
      item.dataset.requestId = result.requestId;
    }
    item.replaceChildren();
    item.appendChild(picture(document.createElement('img'), pictureUrl(result, 'overlay'), 'overlay'));
    const line = element('div');
    line.appendChild(element('span', 'decision decision-' + result.decision, result.decision));
    line.appendChild(document.createTextNode(' ' + formatScore(result.imageScore)));
    item.appendChild(line);
    item.appendChild(element('div', 'muted', result.category + ' · ' + result.requestId));
    item.appendChild(element('div', 'muted', new Date(result.time).toLocaleTimeString()));
    if (fresh) {
      list.prepend(item);
    }
    while (list.children.length > MAX_RECENT) {
      list.lastElementChild.remove();
    }
  }

  function renderLatest(result) {
    const box = $('latest');
    box.replaceChildren();
    box.dataset.requestId = result.requestId;
    const pictures = element('div', 'pictures');
    pictures.appendChild(picture(document.createElement('img'), pictureUrl(result, 'overlay'), 'overlay'));
    if (result.links.image) {
      pictures.appendChild(picture(document.createElement('img'), result.links.image, 'image'));
    }
    if (result.threshold && result.threshold.value !== null) {
      pictures.appendChild(picture(document.createElement('img'), result.links.mask, 'mask'));
    }
    box.appendChild(pictures);
    const facts = element('dl');
    const add = (label, value, className) => {
      facts.appendChild(element('dt', null, label));
      facts.appendChild(element('dd', className, value));
    };
    add('Decision', result.decision, 'decision decision-' + result.decision);
    add('Score', formatScore(result.imageScore));
    add('Threshold', formatThreshold(result.threshold));
    add('Category', result.category);
    add('Request', result.requestId);
    add('Part', result.partId || '-');
    add('Image', result.imageId);
    add('Time', result.time);
    const p = result.provenance || {};
    add('Models', (p.models || []).map((m) => m.id + ' (' + m.sha256.slice(0, 12) + ')').join(', ') || '-');
    add('Fusion', (p.fusionStrategy || '-') + ', α ' + p.alphaSegmentation + ' / ' + p.alphaClassification);
    add('References', (p.referenceImageIds || []).join(', ') || 'zero-shot');
    add('Seed', p.seed);
    add('Software', p.softwareVersion);
    add('Category version', p.categoryVersion);
    box.appendChild(facts);
  }

  function renderCounts() {
    const counts = new Map();
    for (const result of state.results.values()) {
      const row = counts.get(result.category) || { NORMAL: 0, ANOMALOUS: 0, UNDECIDED: 0 };
      row[result.decision] = (row[result.decision] || 0) + 1;
      counts.set(result.category, row);
    }
    for (const name of state.categories.keys()) {
      if (!counts.has(name)) {
        counts.set(name, { NORMAL: 0, ANOMALOUS: 0, UNDECIDED: 0 });
      }
    }
    const body = $('counts').tBodies[0];
    body.replaceChildren();
    Array.from(counts.keys()).sort().forEach((name) => {
      const row = counts.get(name);
      const tr = element('tr');
      tr.dataset.category = name;
      const category = state.categories.get(name);
      [name, row.NORMAL, row.ANOMALOUS, row.UNDECIDED, category ? formatThreshold(category.threshold) : '-']
        .forEach((value) => tr.appendChild(element('td', null, value)));
      body.appendChild(tr);
    });
    const select = $('histogram-category');
    const chosen = select.value;
    const names = Array.from(counts.keys()).sort();
    if (names.join() !== Array.from(select.options).map((o) => o.value).join()) {
      select.replaceChildren();
      names.forEach((name) => select.appendChild(new Option(name, name)));
      if (names.includes(chosen)) {
        select.value = chosen;
      }
    }
  }

  function renderHistogram() {
    const name = $('histogram-category').value;
    const canvas = $('histogram');
    const context = canvas.getContext('2d');
    context.clearRect(0, 0, canvas.width, canvas.height);
    const results = Array.from(state.results.values()).filter((r) => r.category === name
      && typeof r.imageScore === 'number');
    const category = state.categories.get(name);
    const threshold = category && category.threshold.value !== null ? category.threshold.value : null;
    if (results.length === 0) {
      $('histogram-legend').textContent = 'No recent results' + (name ? ' for ' + name : '');
      return;
    }
    const scores = results.map((r) => r.imageScore);
    let low = Math.min(...scores, threshold === null ? Infinity : threshold);
    let high = Math.max(...scores, threshold === null ? -Infinity : threshold);
    if (!(high > low)) {
      low -= 0.5;
      high += 0.5;
    }
    const bins = 24;
    const normal = new Array(bins).fill(0);
    const anomalous = new Array(bins).fill(0);
    results.forEach((r) => {
      const bin = Math.min(bins - 1, Math.floor((r.imageScore - low) / (high - low) * bins));
      (r.decision === 'ANOMALOUS' ? anomalous : normal)[bin] += 1;
    });
    const tallest = Math.max(...normal.map((n, i) => n + anomalous[i]));
    const width = canvas.width / bins;
    const scale = (canvas.height - 20) / tallest;
    for (let i = 0; i < bins; i++) {
      context.fillStyle = '#2a9d8f';
      context.fillRect(i * width + 1, canvas.height - normal[i] * scale, width - 2, normal[i] * scale);
      context.fillStyle = '#e63946';
      context.fillRect(i * width + 1, canvas.height - (normal[i] + anomalous[i]) * scale, width - 2,
        anomalous[i] * scale);
    }
    if (threshold !== null) {
      const x = (threshold - low) / (high - low) * canvas.width;
      context.strokeStyle = '#f4a261';
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(x, 0);
      context.lineTo(x, canvas.height);
      context.stroke();
    }
    $('histogram-legend').textContent = results.length + ' results, scores ' + low.toFixed(3) + ' to '
      + high.toFixed(3) + '; threshold ' + formatThreshold(category ? category.threshold : null)
      + ' (orange line); green normal, red anomalous';
  }

  // --- live events ---------------------------------------------------------------------------------------------

  async function followEvents() {
    const controller = new AbortController();
    state.stream = controller;
    while (!controller.signal.aborted) {
      try {
        const response = await api('/api/v1/events', { signal: controller.signal });
        if (!response.ok) {
          throw await failure(response);
        }
        setBadge('connection', 'live', 'live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (e) {
        if (controller.signal.aborted) {
          return;
        }
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          showPanelError(e);
          return;
        }
      }
      setBadge('connection', 'reconnecting', 'reconnecting');
      await sleep(2000);
    }
  }

  function dispatch(block) {
    let type = 'message';
    const data = [];
    block.split('\n').forEach((line) => {
      if (line.startsWith('event:')) {
        type = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).trimStart());
      }
    });
    if (type === 'result' && data.length > 0) {
      try {
        onResult(JSON.parse(data.join('\n')));
      } catch (e) {
        showPanelError(e);
      }
    }
  }

  // --- platform state ------------------------------------------------------------------------------------------

  async function refreshCategories() {
    const body = await getJson('/api/v1/categories');
    state.categories = new Map(body.categories.map((c) => [c.name, c]));
    const select = $('upload-category');
    const chosen = select.value;
    select.replaceChildren();
    body.categories.forEach((c) => select.appendChild(new Option(c.name, c.name)));
    if (state.categories.has(chosen)) {
      select.value = chosen;
    }
    renderCounts();
    renderHistogram();
  }

  async function refreshSinks() {
    const body = await getJson('/api/v1/sinks');
    const rows = $('sinks').tBodies[0];
    rows.replaceChildren();
    if (body.sinks.length === 0) {
      const tr = element('tr');
      const td = element('td', 'muted', body.outbox === 'RUNNING' ? 'No sinks configured' : 'The outbox is not running');
      td.colSpan = 9;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    body.sinks.forEach((s) => {
      const tr = element('tr');
      [s.id, s.kind, s.state + (s.alarm ? ' ALARM' : ''), s.backlog, s.backlog ? Math.round(s.oldestAgeSeconds)
        + ' s' : '-', s.delivered, s.dropped, s.rejected, s.lastError].forEach((v) => tr.appendChild(element('td',
        null, v)));
      if (s.alarm || s.state === 'BACKING_OFF' || s.state === 'ABSENT') {
        tr.className = 'error';
      }
      rows.appendChild(tr);
    });
  }

  async function refreshScorers() {
    const body = await getJson('/api/v1/scorers');
    const rows = $('scorers').tBodies[0];
    rows.replaceChildren();
    body.scorers.forEach((s) => {
      const tr = element('tr');
      tr.appendChild(element('td', null, s.id));
      tr.appendChild(element('td', s.state === 'LOADED' ? null : 'error', s.state + (s.detail ? ': ' + s.detail
        : '')));
      tr.appendChild(element('td', null, s.models.map((m) => m.id).join(', ') || '-'));
      rows.appendChild(tr);
    });
  }

  // --- upload --------------------------------------------------------------------------------------------------

  function requestId() {
    const random = Math.random().toString(36).slice(2, 10);
    return 'dashboard-' + Date.now().toString(36) + '-' + random;
  }

  async function upload(event) {
    event.preventDefault();
    const file = $('upload-file').files[0];
    const status = $('upload-status');
    if (!file) {
      status.textContent = 'Choose an image first.';
      return;
    }
    const form = new FormData();
    form.append('category', $('upload-category').value);
    form.append('requestId', requestId());
    if ($('upload-part').value.trim()) {
      form.append('partId', $('upload-part').value.trim());
    }
    form.append('image', file, file.name);
    status.textContent = 'Inspecting ' + file.name + '…';
    try {
      const response = await api('/api/v1/inspections', { method: 'POST', body: form });
      if (!response.ok) {
        throw await failure(response);
      }
      const result = await response.json();
      onResult(result);
      status.textContent = file.name + ': ' + result.decision + ', score ' + formatScore(result.imageScore);
    } catch (e) {
      status.textContent = e.code === 'forbidden' ? 'This token may not inspect (an operator token is needed).'
        : 'Inspection failed: ' + e.message;
    }
  }

  // --- start ---------------------------------------------------------------------------------------------------

  function start() {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('token-input').value.trim();
      $('token-input').value = '';
      if (token) {
        open(token);
      }
    });
    $('forget-token').addEventListener('click', () => {
      localStorage.removeItem(TOKEN_KEY);
      showLogin('');
    });
    $('upload-form').addEventListener('submit', upload);
    $('histogram-category').addEventListener('change', renderHistogram);
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (fragment.get('token')) {
      localStorage.setItem(TOKEN_KEY, fragment.get('token'));
      history.replaceState(null, '', location.pathname);
    }
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) {
      open(token);
    } else {
      showLogin('');
    }
  }

  start();
})();

// The observer's page: a hash router over five panels and a process page. Plain JavaScript, no build step.
// Every request carries the access token: fetch() in a header, EventSource and assets in the query.
'use strict';
const TOKEN = document.querySelector('meta[name=observer-token]').content;
const HEADERS = { 'X-Observer-Token': TOKEN };
let cleanups = [];          // what the current view must stop when another is shown

document.body.addEventListener('htmx:configRequest', e => {
  e.detail.headers['X-Observer-Token'] = TOKEN;
  if (onOther()) e.detail.parameters.node = selected;
});
document.body.addEventListener('htmx:responseError', e => {
  if (e.detail.xhr.status === 502 && onOther()) nodeLost(e.detail.xhr.responseText.trim());
});

// The node selector: the page shows its own node (self) or another node of the cluster (selected), whose answers the
// page's node brings back (docs/observer.md, "Node selector"). Only the page's data requests name the node; the
// traces and the Cluster panel are the page's node's own.
let selfNode = null;        // this node's name in its cluster, or null outside one
let selected = null;        // the node shown, when it is another node
const onOther = () => selected !== null && selected !== selfNode;
const withNode = path => onOther() ? path + (path.includes('?') ? '&' : '?') + 'node=' + encodeURIComponent(selected)
  : path;

// A request for the selected node failed with 502: it cannot be reached (left the cluster, lost, no observer there).
// One line on the page, and back to this node.
function nodeLost(message) {
  const lost = document.getElementById('node-lost');
  lost.textContent = message.replace(/\.?$/, '.') + ' Showing ' + (selfNode ?? 'this node') + ' again.';
  lost.hidden = false;
  selectNode(selfNode, false);
}

async function failed(r, path) {
  const text = (await r.text()).trim();
  if (r.status === 502 && onOther() && !path.startsWith('/api/cluster')) nodeLost(text);
  const e = new Error(text);
  e.status = r.status;
  return e;
}

async function api(path) {
  const r = await fetch(withNode(path), { headers: HEADERS });
  if (!r.ok) throw await failed(r, path);
  return r.json();
}

async function post(path, params) {
  const r = await fetch(withNode(path + '?' + new URLSearchParams(params)), { method: 'POST', headers: HEADERS });
  if (!r.ok) throw await failed(r, path);
  return JSON.parse(await r.text()).result;
}

function stream(path, handlers) {
  const url = (path.startsWith('/events/traces') ? path : withNode(path));
  const es = new EventSource(url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(TOKEN));
  for (const [event, fn] of Object.entries(handlers)) es.addEventListener(event, fn);
  es.addEventListener('lost', e => { es.close(); if (onOther()) nodeLost(e.data); });
  es.addEventListener('failed', e => showNodeNote(e.data));
  cleanups.push(() => es.close());
  return es;
}

function showNodeNote(line) {
  const note = document.getElementById('node-lost');
  note.textContent = line;
  note.hidden = false;
  delete note.dataset.kind;
}

function every(ms, fn) {
  const id = setInterval(fn, ms);
  cleanups.push(() => clearInterval(id));
}

// el('a', {href: '#'}, 'text', child...): builds DOM nodes; text is never parsed as HTML.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

const pidLink = pid => pid ? el('a', { class: 'pid', href: '#/process/' + encodeURIComponent(pid) }, pid) : '-';
const fmt = n => typeof n === 'number' ? (Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(1)) : (n ?? '-');
const mb = b => (b / 1048576).toFixed(1);

function duration(ms) {
  const s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600);
  const m = Math.floor(s % 3600 / 60);
  return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
}

// --- Node ------------------------------------------------------------------------------------------------------
let charts = null;

function card(label, value, id) {
  return el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value', id }, value));
}

function nodeCards(n) {
  const s = n.latest || {};
  document.getElementById('node-cards').replaceChildren(
    card('node', n.name, 'card-node'),
    card('JVM uptime', duration(n.uptimeMillis), 'card-uptime'),
    card('processes', fmt(s.processes), 'card-processes'),
    card('messages/s', fmt(s.messagesPerSecond), 'card-rate'),
    card('carriers (parallelism)', fmt(s.carriers), 'card-carriers'),
    card('mounted / run queue', fmt(s.mounted) + ' / ' + fmt(s.runQueue), 'card-runqueue'),
    card('processes on a carrier', fmt(s.onCarrier), 'card-oncarrier'),
    card('heap used / max (MB)', mb(s.heapUsed) + ' / ' + (s.heapMax > 0 ? mb(s.heapMax) : '-'), 'card-heap'),
    card('GC count / time', fmt(s.gcCount) + ' / ' + fmt(s.gcMillis) + ' ms', 'card-gc'));
}

function chartData(history) {
  return {
    rate: [history.map(s => s.time / 1000), history.map(s => s.messagesPerSecond)],
    heap: [history.map(s => s.time / 1000), history.map(s => s.processes), history.map(s => s.heapUsed / 1048576)],
  };
}

async function showNode() {
  const n = await api('/api/node');
  nodeCards(n);
  const history = n.history.slice();
  const width = Math.max(400, document.querySelector('main').clientWidth - 40);
  const d = chartData(history);
  document.getElementById('chart-messages').replaceChildren();
  document.getElementById('chart-heap').replaceChildren();
  charts = {
    rate: new uPlot({ width, height: 180, series: [{}, { label: 'messages/s', stroke: '#26a', fill: '#26a2' }] },
      d.rate, document.getElementById('chart-messages')),
    heap: new uPlot({ width, height: 180,
      scales: { mb: {} },
      axes: [{}, { label: 'processes' }, { scale: 'mb', side: 1, label: 'heap MB', grid: { show: false } }],
      series: [{}, { label: 'processes', stroke: '#a62' }, { label: 'heap MB', stroke: '#2a6', scale: 'mb' }] },
      d.heap, document.getElementById('chart-heap')),
  };
  const max = n.historySamples;
  stream('/events?topics=node', {
    node: e => {
      const m = JSON.parse(e.data);
      nodeCards(m);
      if (m.latest && (history.length === 0 || history[history.length - 1].time !== m.latest.time)) {
        history.push(m.latest);
        while (history.length > max) history.shift();
        const d2 = chartData(history);
        charts.rate.setData(d2.rate);
        charts.heap.setData(d2.heap);
      }
    },
  });
}

// --- Applications ----------------------------------------------------------------------------------------------
const lastPids = new Map();   // a child's path in its tree -> its pid at the last render
const restarts = new Map();   // a child's path -> restarts seen by this page
let lastTrees = '';

function treeNode(t, path) {
  const key = path + '/' + (t.id ?? t.pid);
  const before = lastPids.get(key);
  const restarted = before !== undefined && t.pid !== null && before !== t.pid;
  if (t.pid !== null) lastPids.set(key, t.pid);
  if (restarted) restarts.set(key, (restarts.get(key) || 0) + 1);
  const li = el('li', { class: 'tree-node' + (restarted ? ' restarted' : ''), 'data-id': t.id ?? '',
    'data-kind': t.kind, 'data-status': t.status, 'data-restarts': restarts.get(key) || 0 },
    el('div', { class: 'row' }, el('span', { class: 'id' }, t.id ?? '(dynamic)'), ' ', pidLink(t.pid), ' ',
      el('span', { class: 'status' }, t.status), ' ', el('span', { class: 'module' }, t.module ?? ''),
      restarts.get(key) ? el('span', { class: 'muted' }, ' restarted ' + restarts.get(key) + 'x') : null));
  if (t.children.length) li.append(el('ul', {}, ...t.children.map(c => treeNode(c, key))));
  return li;
}

function renderApps(a) {
  const json = JSON.stringify(a);
  if (json === lastTrees) return;
  lastTrees = json;
  document.getElementById('app-list').textContent = a.applications.length
    ? a.applications.map(x => x.name).join(', ') : 'none';
  // each application with its own tree (the key of a child's restarts starts with the application's name)
  const apps = a.applications.map(x => el('div', { class: 'tree-box app', 'data-app': x.name },
    el('h3', {}, x.name, ' ', el('span', { class: 'muted' }, 'application')),
    x.tree ? el('ul', { class: 'tree' }, treeNode(x.tree, x.name))
      : el('p', { class: 'muted' }, 'its tree is not up (starting or stopping)')));
  const others = a.trees.map(t => el('div', { class: 'tree-box', 'data-app': '' },
    el('ul', { class: 'tree' }, treeNode(t, ''))));
  if (others.length) {
    others.unshift(el('h3', { class: 'others' }, 'Supervision trees outside any application'));
  }
  const all = apps.concat(others);
  document.getElementById('trees').replaceChildren(...(all.length ? all
    : [el('p', { class: 'muted' }, 'no applications and no supervisors on this node')]));
}

async function showApps() {
  renderApps(await api('/api/apps'));
  stream('/events?topics=apps', { apps: e => renderApps(JSON.parse(e.data)) });
}

// --- Processes -------------------------------------------------------------------------------------------------
const table = { sort: 'mailbox', dir: 'desc', filter: '', page: 0, size: 50, total: 0 };

async function loadProcesses() {
  const p = await api('/api/processes?' + new URLSearchParams({ sort: table.sort, dir: table.dir,
    filter: table.filter, page: table.page, size: table.size }));
  table.total = p.total;
  document.querySelectorAll('#proc-table th[data-sort]').forEach(th => {
    th.classList.toggle('sorted-asc', th.dataset.sort === p.sort && !p.descending);
    th.classList.toggle('sorted-desc', th.dataset.sort === p.sort && p.descending);
  });
  const from = p.total ? p.page * p.size + 1 : 0;
  document.getElementById('proc-range').textContent = from + '-' + (p.page * p.size + p.rows.length) + ' of '
    + p.total;
  document.querySelector('#proc-table tbody').replaceChildren(...p.rows.map(r => el('tr', { 'data-pid': r.pid },
    el('td', {}, pidLink(r.pid)), el('td', {}, r.name ?? ''),
    el('td', {}, r.behaviour ? r.behaviour + ' ' + (r.initialCall || '').split('.').pop() : ''),
    el('td', { class: 'status' }, r.status), el('td', { class: 'num mailbox' }, fmt(r.mailbox)),
    el('td', { class: 'num' }, fmt(r.in)), el('td', { class: 'num' }, fmt(r.out)),
    el('td', { class: 'num' }, fmt(r.inRate)), el('td', { class: 'num' }, fmt(r.outRate)),
    el('td', { class: 'num' }, fmt(r.handlerMillis)), el('td', { class: 'num' }, fmt(r.memory)),
    el('td', { class: 'fn', title: r.currentFunction ?? '' }, r.currentFunction ?? ''))));
}

function showProcesses() {
  loadProcesses();
  every(2000, loadProcesses);
}

document.querySelectorAll('#proc-table th[data-sort]').forEach(th => th.addEventListener('click', () => {
  if (table.sort === th.dataset.sort) table.dir = table.dir === 'desc' ? 'asc' : 'desc';
  else { table.sort = th.dataset.sort; table.dir = 'desc'; }
  table.page = 0;
  loadProcesses();
}));
let filterTimer;
document.getElementById('proc-filter').addEventListener('input', e => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => { table.filter = e.target.value; table.page = 0; loadProcesses(); }, 250);
});
document.getElementById('proc-prev').addEventListener('click', () => {
  if (table.page > 0) { table.page--; loadProcesses(); }
});
document.getElementById('proc-next').addEventListener('click', () => {
  if ((table.page + 1) * table.size < table.total) { table.page++; loadProcesses(); }
});

// --- Process ---------------------------------------------------------------------------------------------------
let currentPid = null;

function facts(pairs) {
  return el('dl', { class: 'facts' }, ...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function pidList(pids) {
  if (!pids || !pids.length) return 'none';
  const span = el('span');
  pids.forEach((p, i) => { if (i) span.append(', '); span.append(pidLink(p)); });
  return span;
}

async function loadProcess() {
  const body = document.getElementById('proc-body');
  let p;
  try {
    p = await api('/api/process?pid=' + encodeURIComponent(currentPid));
  } catch (e) {
    body.replaceChildren(el('p', { class: 'error', id: 'proc-gone' }, e.message));
    return;
  }
  document.getElementById('proc-title').textContent = (p.name ? p.name + ' ' : '') + p.pid;
  document.getElementById('proc-node').textContent = onOther() ? 'on node ' + selected : '';
  const parts = [
    el('h3', {}, 'process_info'),
    facts([['pid', p.pid], ['registered name', p.name ?? '-'], ['initial call', p.initialCall ?? '-'],
      ['behaviour', p.behaviour ?? 'plain process'], ['status', el('span', { id: 'proc-status' }, p.status)],
      ['traced from this page', el('span', { id: 'proc-traced' }, String(p.traced))],
      ['parent', pidLink(p.parent)], ['ancestors', pidList(p.ancestors)], ['links', pidList(p.links)],
      ['monitors', pidList(p.monitors)], ['monitored by', pidList(p.monitoredBy)], ['traps exits', String(p.trapExits)],
      ['current function', p.currentFunction ?? '-'], ['mailbox', fmt(p.mailbox)],
      ['memory estimate (bytes)', fmt(p.memory)], ['messages in / out', fmt(p.messagesIn) + ' / ' + fmt(p.messagesOut)],
      ['in/s / out/s', fmt(p.inRate) + ' / ' + fmt(p.outRate)], ['handler time (ms)', fmt(p.handlerMillis)],
      ['dropped', fmt(p.dropped)]]),
  ];
  if (p.behaviour) {
    parts.push(el('h3', {}, 'State (as the behaviour formats it)'));
    parts.push(el('pre', { id: 'proc-state' }, p.state ?? p.stateError ?? (p.status === 'suspended'
      ? 'suspended: resume it to read its state' : '-')));
    parts.push(facts([['debug', (p.debug || []).join(', ') || 'none'], ['module', p.module ?? '-']]));
    if (p.statistics) {
      const s = p.statistics;
      parts.push(el('h3', {}, 'Statistics'), facts([['since', s.since], ['at', s.at], ['messages in', fmt(s.messagesIn)],
        ['messages out', fmt(s.messagesOut)], ['handler time (ms)', fmt(s.handlerMillis)]]));
    }
    if (p.log) {
      parts.push(el('h3', {}, 'Log (sys:log, its last events, oldest first)'),
        el('pre', { id: 'proc-log' }, p.log.length ? p.log.join('\n') : 'nothing logged yet'));
    }
  }
  parts.push(el('details', {}, el('summary', {}, 'Stack of its virtual thread'), el('pre', {}, p.stack.join('\n'))));
  body.replaceChildren(...parts);
}

function showProcess(pid) {
  currentPid = pid;
  document.getElementById('proc-title').textContent = pid;
  document.getElementById('proc-node').textContent = onOther() ? 'on node ' + selected : '';
  document.getElementById('action-result').textContent = '';
  loadProcess();
  every(2000, loadProcess);
}

async function act(action, question, extra) {
  if (!confirm(onOther() ? question + ' (on node ' + selected + ')' : question)) return;
  const out = document.getElementById('action-result');
  try {
    out.textContent = await post('/api/process/action', { pid: currentPid, action, ...(extra || {}) });
    out.className = 'muted';
  } catch (e) {
    out.textContent = e.message;
    out.className = 'error';
  }
  loadProcess();
}

// a number input the browser could not read (a letter typed) has an empty value: said, and nothing is sent
function numberOf(id, what) {
  const input = document.getElementById(id);
  if (input.value === '' || !input.checkValidity()) {
    const out = document.getElementById('action-result');
    out.textContent = what + ' must be a whole number from ' + input.min + ' to ' + input.max + ': nothing was done';
    out.className = 'error';
    return null;
  }
  return input.value;
}

const actions = {
  'trace-on': () => {
    const count = numberOf('trace-count', 'the trace limit');
    if (count !== null) act('trace-on', 'Trace ' + currentPid + ' for at most ' + count + ' lines?', { count });
  },
  'trace-off': () => act('trace-off', 'Switch the trace of ' + currentPid + ' off?'),
  'log-on': () => {
    const size = numberOf('log-size', 'the log size');
    if (size !== null) act('log-on', 'Keep the last ' + size + ' events of ' + currentPid + ' (sys:log)?', { size });
  },
  'log-off': () => act('log-off', 'Switch the log of ' + currentPid + ' off? Its events are dropped.'),
  'statistics-on': () => act('statistics-on', 'Switch statistics of ' + currentPid + ' on?'),
  'statistics-off': () => act('statistics-off', 'Switch statistics of ' + currentPid + ' off?'),
  'suspend': () => act('suspend', 'Suspend ' + currentPid + '? It will answer system messages only.'),
  'resume': () => act('resume', 'Resume ' + currentPid + '?'),
  'exit': () => act('exit', 'Send exit signal "' + document.getElementById('exit-reason').value + '" to '
    + currentPid + '?', { reason: document.getElementById('exit-reason').value }),
  'kill': () => act('kill', 'Kill ' + currentPid + '? The kill signal cannot be trapped.'),
};
for (const [name, fn] of Object.entries(actions)) document.getElementById('act-' + name).addEventListener('click', fn);

// --- Traces ----------------------------------------------------------------------------------------------------
async function loadTraces() {
  const t = await api('/api/traces');
  document.getElementById('trace-limits').textContent = 'Every trace started here has a limit (a count of lines, or '
    + 'a rate that switches it off when exceeded); at most ' + t.maxProcessTraces + ' processes are traced from the '
    + 'page at once; the page keeps the last ' + t.ring + ' lines.';
  document.querySelector('#trace-sessions tbody').replaceChildren(...t.sessions.map(s => el('tr', {},
    // a pid opens its page only while its node is shown: a pid's text means another process on another node
    // the target as the API names it ("flaky <6.8>"), its pid a link
    el('td', {}, s.kind), el('td', { 'data-node': s.node ?? selfNode ?? '' }, ...(s.pid && !s.node && !onOther()
      ? targetWithLink(s.target, s.pid) : [s.target])), el('td', {}, s.limit),
    el('td', { class: 'num' }, fmt(s.lines)), el('td', {}, s.running ? 'running' : 'off: ' + s.stopReason))));
}

/** A trace's target, "name <pid>" or "<pid>", with its pid as a link to the process's page. */
function targetWithLink(target, pid) {
  const at = target ? target.lastIndexOf(pid) : -1;
  return at > 0 ? [target.substring(0, at), pidLink(pid), target.substring(at + pid.length)] : [pidLink(pid)];
}

function showTraces() {
  loadTraces();
  every(1000, loadTraces);
  const pre = document.getElementById('trace-lines');
  pre.textContent = '';
  stream('/events/traces?after=0', {
    message: e => {
      pre.append(e.data + '\n');
      while (pre.childNodes.length > 2000) pre.removeChild(pre.firstChild);
    },
    skipped: e => pre.append('... ' + e.data + ' lines skipped (the page was behind)\n'),
  });
}

document.getElementById('pattern-form').addEventListener('submit', async e => {
  e.preventDefault();
  const out = document.getElementById('pattern-result');
  const v = id => document.getElementById(id).value;
  try {
    out.textContent = await post('/api/trace/pattern', { behaviour: v('pattern-behaviour'),
      handler: v('pattern-handler'), count: v('pattern-count'), rate: v('pattern-rate'),
      replies: document.getElementById('pattern-replies').checked });
    out.className = 'muted';
  } catch (err) {
    out.textContent = err.message;
    out.className = 'error';
  }
  loadTraces();
});
document.getElementById('pattern-stop').addEventListener('click', async () => {
  document.getElementById('pattern-result').textContent = await post('/api/trace/pattern/stop', {});
  loadTraces();
});

// --- Cluster ---------------------------------------------------------------------------------------------------
// a pid of this node opens its page; another node's pid is shown with its node (the selector shows that node)
const located = p => el('span', { class: 'located', 'data-node': p.node },
  p.local && !onOther() ? pidLink(p.pid) : el('span', { class: 'pid remote' }, p.pid), ' ',
  el('span', { class: 'muted' }, p.node));

async function loadCluster() {
  const c = await api('/api/cluster');
  const summary = document.getElementById('cluster-summary');
  const body = document.getElementById('cluster-body');
  if (!c.clustered) {
    summary.textContent = 'This node is in no cluster.';
    body.replaceChildren();
    return;
  }
  summary.textContent = 'Node ' + c.self + ', connected to ' + c.nodes.length + ' other node'
    + (c.nodes.length === 1 ? '' : 's') + '. Pick a node in the selector at the top to see its panels.';
  const parts = [el('h3', {}, 'Nodes'), el('ul', { id: 'cluster-nodes' },
    el('li', { 'data-node': c.self }, c.self, ' ', el('span', { class: 'muted' }, '(this node)')),
    ...c.nodes.map(n => el('li', { 'data-node': n }, n)))];
  if (!c.namesAndGroups) {
    parts.push(el('p', { class: 'muted' }, 'Global names and groups are shown when the observer is given the '
      + 'cluster (ObserverOptions.withCluster; docs/observer.md).'));
  } else {
    parts.push(el('h3', {}, 'Global names'), c.globalNames.length
      ? el('table', { id: 'cluster-names' }, el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'pid and node'))),
        el('tbody', {}, ...c.globalNames.map(n => el('tr', { 'data-name': n.name }, el('td', {}, n.name),
          el('td', {}, located(n))))))
      : el('p', { class: 'muted' }, 'no global names'));
    parts.push(el('h3', {}, 'Process groups (pg)'), c.groups.length
      ? el('table', { id: 'cluster-groups' }, el('thead', {}, el('tr', {}, el('th', {}, 'group'), el('th', {}, 'members'))),
        el('tbody', {}, ...c.groups.map(g => el('tr', { 'data-group': g.group }, el('td', {}, g.group),
          el('td', {}, ...g.members.flatMap((m, i) => i ? [', ', located(m)] : [located(m)]))))))
      : el('p', { class: 'muted' }, 'no groups'));
  }
  body.replaceChildren(...parts);
}

function showCluster() {
  loadCluster();
  every(2000, loadCluster);
}

// --- Node selector ---------------------------------------------------------------------------------------------
let clusterNodes = [];
let selectorKey = '';

function renderSelector() {
  const box = document.getElementById('node-selector');
  if (selfNode === null) {
    box.hidden = true;
    document.getElementById('node-shown').textContent = '';
    return;
  }
  box.hidden = false;
  const names = [selfNode, ...clusterNodes.filter(n => n !== selfNode)];
  if (onOther() && !names.includes(selected)) names.push(selected);
  const key = names.join(',') + '|' + (selected ?? selfNode);
  if (key !== selectorKey) {   // rebuilt only when it changes, so that an open list is not closed under the hand
    selectorKey = key;
    document.getElementById('node-select').replaceChildren(...names.map(n => el('option',
      { value: n, selected: n === (selected ?? selfNode) }, n === selfNode ? n + ' (this node)' : n)));
  }
  document.getElementById('node-shown').textContent = onOther()
    ? 'showing node ' + selected + ' (through ' + selfNode + ')' : 'showing node ' + selfNode;
  document.body.classList.toggle('other-node', onOther());
}

// Shows another node (or this one, name === selfNode); the panels start again from its data.
function selectNode(name, chosen) {
  selected = name === null || name === selfNode ? null : name;
  if (chosen) document.getElementById('node-lost').hidden = true;
  lastPids.clear();
  restarts.clear();
  lastTrees = '';
  table.page = 0;
  renderSelector();
  if (window.observerView === 'process') location.hash = '#/processes'; else route();
}

async function loadNodes() {
  try {
    const r = await fetch('/api/cluster', { headers: HEADERS });
    if (!r.ok) return;
    const c = await r.json();
    selfNode = c.clustered ? c.self : null;
    clusterNodes = c.clustered ? c.nodes : [];
    if (onOther() && !clusterNodes.includes(selected)) {
      nodeLost('Node ' + selected + ' is no longer connected to ' + (selfNode ?? 'this node') + '.');
      return;
    }
    renderSelector();
  } catch (e) {
    // this page's own node did not answer: the next round asks again
  }
}

document.getElementById('node-select').addEventListener('change', e => selectNode(e.target.value, true));
loadNodes();
setInterval(loadNodes, 3000);

// --- Router ----------------------------------------------------------------------------------------------------
function route() {
  cleanups.forEach(f => f());
  cleanups = [];
  const hash = location.hash || '#/node';
  const known = ['node', 'apps', 'processes', 'process', 'traces', 'cluster', 'alarms'];
  let [, view, arg] = hash.match(/^#\/([a-z]+)(?:\/(.*))?$/) || [null, null];
  let wrong = null;
  if (!known.includes(view)) {
    // an address the page does not know: the node's view, and one line saying so (nothing else is done)
    wrong = 'no view ' + hash.slice(0, 80) + ' on this page: the node is shown';
    view = 'node';
  } else if (view === 'process') {
    try {
      arg = decodeURIComponent(arg || '');
    } catch (e) {
      wrong = 'the address names no process (' + hash.slice(0, 80) + '): the node is shown';
      view = 'node';
    }
  }
  window.observerView = view;
  document.querySelectorAll('.view').forEach(v => v.classList.toggle('shown', v.id === 'view-' + view));
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === view));
  const show = { node: showNode, apps: showApps, processes: showProcesses, traces: showTraces, cluster: showCluster,
    process: () => showProcess(arg), alarms: () => htmx.ajax('GET', '/fragments/alarms', { target: '#alarms-panel', swap: 'innerHTML' }) };
  show[view]();
  const note = document.getElementById('node-lost');
  if (wrong) {
    showNodeNote(wrong);
    note.dataset.kind = 'address';
  } else if (note.dataset.kind === 'address') {
    note.hidden = true; // the last address's mistake, not this one's: a node-lost line stays
    delete note.dataset.kind;
  }
}

window.addEventListener('hashchange', route);
route();

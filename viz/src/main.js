// The gotimers animation player. Reads the animation the CLI embedded in
// <script id="gotimers-data"> (schema gotimers.animation/1, see docs/heap-lab.md) and shows
// each frame: the heap as a 4-ary tree and as an array, the narration, the Go code line and
// the lock / timer goroutine strip. No network, no server: it works opened from disk.
import './style.css';

const $ = (id) => document.getElementById(id);
const SVGNS = 'http://www.w3.org/2000/svg';

function loadData() {
  const raw = $('gotimers-data').textContent.trim();
  if (raw.startsWith('__GOTIMERS')) {
    return { title: 'gotimers player (no animation embedded)', era: '', layout: 'global', ops: [],
      code: [], statuses: [], frames: [{ kind: 'op', op: -1, heaps: [], hi: [], heap: -1,
        text: 'Build an animation with: gotimers animate --ops "add a=20 b=48 c=10" -o heap.html',
        fn: '', line: -1, locks: [], procs: [] }] };
  }
  return JSON.parse(raw);
}

const data = loadData();
const frames = data.frames;
const SPEEDS = [0.25, 0.5, 1, 2, 4];

// Status colours: statuses are data (the era's names); well-known ones get fixed colours,
// any other (a later era's state bits) a colour from the palette by its position.
const KNOWN = {
  '': '#d0ebff', timerWaiting: '#b2f2bb', timerDeleted: '#ffa8a8', timerRemoving: '#ffc9c9',
  timerRemoved: '#dee2e6', timerRunning: '#ffe066', timerModifying: '#ffd8a8',
  timerModifiedEarlier: '#ffc078', timerModifiedLater: '#fcc2d7', timerMoving: '#d0bfff',
  timerNoStatus: '#e9ecef',
  // go1.23 state-bit sets (Recorder::stateBits): zombies red, modified orange
  heaped: '#b2f2bb', 'heaped|modified': '#ffc078', 'heaped|zombie': '#ffa8a8',
  'heaped|modified|zombie': '#ff8787', none: '#dee2e6',
};
// The usual status of a timer in a heap gets no label.
const PLAIN = new Set(['', 'timerWaiting', 'heaped']);
const PALETTE = ['#99e9f2', '#c0eb75', '#eebefa', '#ffd43b', '#a5d8ff', '#ffa94d', '#b197fc'];
function statusColor(s) {
  if (s in KNOWN) return KNOWN[s];
  const i = Math.max(0, data.statuses.indexOf(s));
  return PALETTE[i % PALETTE.length];
}
const shortStatus = (s) => (s || '').replace(/^timer/, '');
const num = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 100 ? 2 : 1));

// Effective code position of each frame (a frame with no fn keeps the previous one).
const codeAt = [];
{
  let fn = '', line = -1;
  for (const f of frames) {
    if (f.fn) { fn = f.fn; line = f.line; }
    codeAt.push({ fn, line });
  }
}
// First frame of each operation (scrubber markers, op chips).
const opStart = new Map();
frames.forEach((f, i) => { if (f.op >= 0 && !opStart.has(f.op)) opStart.set(f.op, i); });

const state = { i: 0, playing: false, speed: 1, timer: null, focusName: null };

// ---- header -----------------------------------------------------------------------------
$('title').textContent = data.title || 'gotimers';
$('era').textContent = data.era || '';
document.title = data.title || 'gotimers';
data.ops.forEach((o, k) => {
  const li = document.createElement('li');
  li.dataset.op = k;
  li.textContent = `${k + 1}. ${o.text}`;
  if (o.result) {
    const r = document.createElement('span');
    r.className = 'res';
    r.textContent = '→ ' + o.result;
    li.appendChild(r);
  }
  li.title = 'jump to this operation (' + (k + 1) + ')';
  li.addEventListener('click', () => { pause(); seek(opStart.get(k) ?? 0); });
  $('ops').appendChild(li);
});

// ---- tree ---------------------------------------------------------------------------------
// The heaps a frame shows side by side: perP shows every P; buckets and global one heap.
function shownHeaps(f) {
  if (data.layout === 'perP') return f.heaps.map((h, k) => ({ h, k }));
  let k = f.heap;
  if (state.focusName) {
    const j = f.heaps.findIndex((h) => h.name === state.focusName);
    if (j >= 0) k = j;
  }
  if (k < 0) k = f.heaps.length ? 0 : -1;
  return k < 0 ? [] : [{ h: f.heaps[k], k }];
}
const maxDepth = (n) => { let d = 0, cap = 1, tot = 1; while (tot < n) { d++; cap *= 4; tot += cap; } return d; };
const levelStart = (d) => (Math.pow(4, d) - 1) / 3;

const nodeEls = new Map(); // key heapIndex:id -> <g>
function drawTree(f) {
  const svg = $('tree');
  const W = svg.clientWidth || 800, H = svg.clientHeight || 300;
  const shown = shownHeaps(f);
  const edges = document.createElementNS(SVGNS, 'g');
  const used = new Set();
  svg.querySelectorAll('.edges,.heapname,.empty').forEach((e) => e.remove());
  svg.insertBefore(edges, svg.firstChild);
  edges.setAttribute('class', 'edges');
  const colW = W / Math.max(1, shown.length);
  const R = shown.length > 2 ? 17 : 23;
  shown.forEach(({ h, k }, col) => {
    const x0 = col * colW;
    const title = document.createElementNS(SVGNS, 'text');
    title.setAttribute('class', 'heapname' + (k === f.heap ? ' focus' : ''));
    title.setAttribute('x', x0 + 8);
    title.setAttribute('y', 18);
    title.textContent = h.name + (h.timers.length ? `  (${h.timers.length})` : '');
    svg.appendChild(title);
    if (!h.timers.length) {
      const e = document.createElementNS(SVGNS, 'text');
      e.setAttribute('class', 'empty');
      e.setAttribute('x', x0 + colW / 2 - 30);
      e.setAttribute('y', H / 2);
      e.textContent = '(empty)';
      svg.appendChild(e);
    }
    const depth = Math.min(maxDepth(framesMaxLen(h.name)), 3);
    const levelH = Math.min(110, (H - 50) / (depth + 1));
    const pos = (i) => {
      let d = 0;
      while (levelStart(d + 1) <= i) d++;
      const j = i - levelStart(d);
      const slots = Math.pow(4, d);
      return [x0 + ((j + 0.5) / slots) * colW, 30 + R + d * levelH + 6];
    };
    const limit = Math.min(h.timers.length, levelStart(4));
    for (let i = 1; i < limit; i++) {
      const [x1, y1] = pos(Math.floor((i - 1) / 4));
      const [x2, y2] = pos(i);
      const l = document.createElementNS(SVGNS, 'line');
      l.setAttribute('class', 'edge');
      l.setAttribute('x1', x1); l.setAttribute('y1', y1); l.setAttribute('x2', x2); l.setAttribute('y2', y2);
      edges.appendChild(l);
    }
    for (let i = 0; i < limit; i++) {
      const t = h.timers[i];
      const key = h.name + ':' + t.id;
      used.add(key);
      let g = nodeEls.get(key);
      const [x, y] = pos(i);
      if (!g) {
        g = document.createElementNS(SVGNS, 'g');
        g.innerHTML = `<circle r="${R}"></circle><text class="key"></text><text class="nm"></text><text class="ix"></text>`;
        g.style.transform = `translate(${x}px, ${y + 40}px)`;
        svg.appendChild(g);
        nodeEls.set(key, g);
        g.getBoundingClientRect(); // start the entry transition from below
      }
      g.setAttribute('class', 'node');
      g.dataset.id = t.id;
      g.dataset.index = i;
      g.dataset.name = t.name;
      if (k === f.heap && f.hi[0] === i) g.classList.add('moving');
      if (k === f.heap && f.hi.length > 1 && f.hi[1] === i) g.classList.add('compared');
      g.style.transform = `translate(${x}px, ${y}px)`;
      const [c, kt, nm, ix] = g.children;
      c.setAttribute('fill', statusColor(t.status || ''));
      c.setAttribute('r', R);
      kt.textContent = num(t.when);
      kt.style.fontSize = kt.textContent.length > 4 ? (R > 20 ? '14px' : '11px') : '';
      nm.setAttribute('y', R + 15);
      nm.textContent = t.name + (!PLAIN.has(t.status || '') ? ' · ' + shortStatus(t.status) : '') +
        (t.nextwhen !== undefined ? ' → ' + num(t.nextwhen) : '');
      ix.setAttribute('y', -R - 5);
      ix.textContent = '[' + i + ']';
    }
  });
  for (const [key, g] of nodeEls) {
    if (!used.has(key)) { g.remove(); nodeEls.delete(key); }
  }
}
const maxLenCache = new Map();
function framesMaxLen(name) {
  if (!maxLenCache.has(name)) {
    let m = 1;
    for (const f of frames) for (const h of f.heaps) if (h.name === name) m = Math.max(m, h.timers.length);
    maxLenCache.set(name, m);
  }
  return maxLenCache.get(name);
}

// ---- arrays, index arithmetic, bucket grid --------------------------------------------------
function drawArrays(f) {
  const box = $('arrays');
  box.innerHTML = '';
  for (const { h, k } of shownHeaps(f)) {
    const row = document.createElement('div');
    row.className = 'array';
    row.innerHTML = `<span class="aname">${h.name}</span>`;
    h.timers.slice(0, 64).forEach((t, i) => {
      const c = document.createElement('div');
      c.className = 'cell';
      if (k === f.heap && f.hi[0] === i) c.classList.add('moving');
      if (k === f.heap && f.hi.length > 1 && f.hi[1] === i) c.classList.add('compared');
      c.style.background = statusColor(t.status || '');
      c.innerHTML = `<span class="i">${i}</span><span class="v">${t.name}=${num(t.when)}</span>`;
      row.appendChild(c);
    });
    if (h.timers.length > 64) row.append(` … +${h.timers.length - 64}`);
    box.appendChild(row);
  }
  const a = $('arith');
  if (f.heap >= 0 && f.hi.length) {
    const i = f.hi[0];
    const parts = [];
    if (f.hi.length > 1) {
      const [p, c] = f.hi[0] < f.hi[1] ? [f.hi[0], f.hi[1]] : [f.hi[1], f.hi[0]];
      parts.push(`parent = (i-1)/4 = (${c}-1)/4 = <b>${p}</b>`, `children(${p}) = 4·${p}+1 … 4·${p}+4 = ${4 * p + 1}…${4 * p + 4}`);
    } else if (i > 0) {
      parts.push(`parent = (i-1)/4 = (${i}-1)/4 = <b>${Math.floor((i - 1) / 4)}</b>`, `children(${i}) = ${4 * i + 1}…${4 * i + 4}`);
    } else {
      parts.push(`i = 0: the root`, `children(0) = 1…4`);
    }
    a.innerHTML = parts.join(' &nbsp;·&nbsp; ');
  } else {
    a.innerHTML = '';
  }
  const grid = $('grid');
  if (data.layout === 'buckets') {
    grid.hidden = false;
    grid.innerHTML = '';
    const focus = shownHeaps(f)[0];
    for (let b = 0; b < data.bucketCount; b++) {
      const h = f.heaps.find((x) => x.name === 'bucket ' + b);
      const d = document.createElement('div');
      d.className = 'b' + (h && h.timers.length ? ' used' : '') + (focus && focus.h.name === 'bucket ' + b ? ' focus' : '');
      d.textContent = h ? `${b}:${h.timers.length}` : String(b);
      d.title = `timers[${b}]: open this bucket`;
      d.addEventListener('click', () => { state.focusName = 'bucket ' + b; render(); });
      grid.appendChild(d);
    }
  }
}

// ---- code pane, narration, strip ------------------------------------------------------------
let shownFn = null;
function drawCode(i) {
  const { fn, line } = codeAt[i];
  const c = data.code.find((x) => x.name === fn);
  $('fn').textContent = c ? `func ${fn}` : '';
  $('tag').textContent = c ? `runtime/time.go @ ${c.tag}` : '';
  const pre = $('code');
  if (shownFn !== fn) {
    pre.innerHTML = '';
    (c ? c.lines : []).forEach((l, n) => {
      const s = document.createElement('span');
      s.className = 'ln';
      s.innerHTML = `<span class="no">${n + 1}</span>`;
      s.appendChild(document.createTextNode(l));
      pre.appendChild(s);
    });
    shownFn = fn;
  }
  pre.querySelectorAll('.hl').forEach((e) => e.classList.remove('hl'));
  const hl = pre.children[line];
  if (hl) {
    hl.classList.add('hl');
    const top = hl.offsetTop - pre.clientHeight / 3;
    pre.scrollTop = Math.max(0, top);
  }
}
function drawStrip(f) {
  const chips = (rows, cls) => rows.map((r) => `<span class="chip ${cls(r)}">${r.text}</span>`).join('');
  $('locks').innerHTML = f.locks.length
    ? chips(f.locks.map((l) => ({ text: l.holder ? `${l.name}: held by ${l.holder}` : `${l.name}: free`, held: !!l.holder })),
        (r) => (r.held ? 'held' : 'free'))
    : '<span class="chip">no timer lock taken yet</span>';
  $('procs').innerHTML = f.procs.length
    ? chips(f.procs.map((p) => ({ text: `${p.name}: ${p.state}`, s: p.state })),
        (r) => (r.s.startsWith('sleep') || r.s.startsWith('park') ? 'sleep' : 'run'))
    : `<span class="chip">${data.layout === 'perP' ? 'none: the scheduler runs timers (checkTimers)' : 'not started'}</span>`;
}

// ---- frame rendering and controls -------------------------------------------------------------
function render() {
  const f = frames[state.i];
  const dur = Math.min(600, 650 / state.speed);
  document.documentElement.style.setProperty('--dur', dur + 'ms');
  drawTree(f);
  drawArrays(f);
  drawCode(state.i);
  drawStrip(f);
  $('narration').textContent = f.text;
  $('scrubber').value = state.i;
  $('counter').textContent = `${state.i + 1} / ${frames.length}`;
  document.querySelectorAll('#ops li').forEach((li) => {
    const k = Number(li.dataset.op);
    li.classList.toggle('current', k === f.op);
    li.classList.toggle('done', k < f.op);
  });
  $('play').textContent = state.playing ? 'pause' : 'play';
  document.body.dataset.frame = state.i;
  document.body.dataset.playing = state.playing;
}
function seek(i) {
  state.i = Math.max(0, Math.min(frames.length - 1, i));
  render();
}
function schedule() {
  clearTimeout(state.timer);
  if (!state.playing) return;
  state.timer = setTimeout(() => {
    if (state.i >= frames.length - 1) { pause(); return; }
    seek(state.i + 1);
    schedule();
  }, 1100 / state.speed);
}
function play() {
  if (state.i >= frames.length - 1) state.i = 0;
  state.playing = true;
  render();
  schedule();
}
function pause() { state.playing = false; clearTimeout(state.timer); render(); }
function setSpeed(s) {
  state.speed = s;
  $('speed').value = String(s);
  render();
  schedule();
}

$('play').addEventListener('click', () => (state.playing ? pause() : play()));
$('back').addEventListener('click', () => { pause(); seek(state.i - 1); });
$('fwd').addEventListener('click', () => { pause(); seek(state.i + 1); });
$('first').addEventListener('click', () => { pause(); seek(0); });
$('last').addEventListener('click', () => { pause(); seek(frames.length - 1); });
$('speed').addEventListener('change', (e) => setSpeed(Number(e.target.value)));
const scrub = $('scrubber');
scrub.max = frames.length - 1;
scrub.addEventListener('input', () => { const v = Number(scrub.value); pause(); seek(v); });
for (const [k, i] of opStart) {
  const m = document.createElement('span');
  m.style.left = frames.length > 1 ? `${(i / (frames.length - 1)) * 100}%` : '0';
  m.textContent = k + 1;
  m.title = data.ops[k] ? data.ops[k].text : '';
  m.dataset.op = k;
  m.addEventListener('click', () => { pause(); seek(i); });
  $('markers').appendChild(m);
}
document.addEventListener('keydown', (e) => {
  if (e.target.tagName === 'SELECT') return;
  const k = e.key;
  if (k === ' ') { e.preventDefault(); state.playing ? pause() : play(); }
  else if (k === 'ArrowRight') { e.preventDefault(); pause(); seek(state.i + 1); }
  else if (k === 'ArrowLeft') { e.preventDefault(); pause(); seek(state.i - 1); }
  else if (k === 'Home') { pause(); seek(0); }
  else if (k === 'End') { pause(); seek(frames.length - 1); }
  else if (k === '+' || k === '=') setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, SPEEDS.indexOf(state.speed) + 1)]);
  else if (k === '-') setSpeed(SPEEDS[Math.max(0, SPEEDS.indexOf(state.speed) - 1)]);
  else if (/^[1-9]$/.test(k) && opStart.has(Number(k) - 1)) { pause(); seek(opStart.get(Number(k) - 1)); }
});
window.addEventListener('resize', () => render());

// A small API for tests and for embedding pages.
window.gotimersPlayer = {
  frame: () => state.i, count: () => frames.length, playing: () => state.playing,
  speed: () => state.speed, play, pause, seek, step: (d) => { pause(); seek(state.i + d); },
  data,
};
render();

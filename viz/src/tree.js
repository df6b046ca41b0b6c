// The heaps of a frame drawn as 4-ary trees, side by side (layout.js places the slots), in
// one pannable, zoomable view (d3-zoom: wheel or pinch to zoom, drag to pan, double-click or
// the 0 key to fit again). A node is a <g class="node"> per timer, keyed by heap and timer id,
// so a timer that moves glides from slot to slot (a CSS transition on its transform).
import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import { heapLayout } from './layout.js';
import { keyText, keyExact } from './keys.js';
import { statusColor, PLAIN, shortStatus } from './status.js';

const SVGNS = 'http://www.w3.org/2000/svg';

// Sets an attribute only if it changes (most of a frame's nodes keep theirs; each set costs
// a style invalidation).
function attr(e, name, value) {
  const v = String(value);
  if (e.getAttribute(name) !== v) e.setAttribute(name, v);
}

function text(e, v) {
  if (e.textContent !== v) e.textContent = v;
}

function el(parent, tag, cls) {
  const e = document.createElementNS(SVGNS, tag);
  if (cls) e.setAttribute('class', cls);
  parent.appendChild(e);
  return e;
}

// Text widths from a canvas (measureText: no layout of the page), per font and text, cached:
// the SVG's own getComputedTextLength forces a layout per call, which made a frame of a few
// hundred labels take a second. The fonts are the ones style.css gives the labels.
const measure = document.createElement('canvas').getContext('2d');
const widths = new Map();
function widthAt100(text, weight, family) {
  const key = weight + family + '\u0000' + text;
  let w = widths.get(key);
  if (w === undefined) {
    measure.font = `${weight} 100px ${family}`;
    w = measure.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}
const SANS = '"DejaVu Sans", "Segoe UI", system-ui, sans-serif';
const MONO = '"DejaVu Sans Mono", monospace';

// Sets a text's (or tspan's) font so that it takes at most maxW px: `font`, or a smaller one
// down to minFont, then squeezed glyphs (textLength), so that a label never reaches its
// neighbour's. Returns false if it had to squeeze.
function fit(t, maxW, font, minFont, { weight = 400, family = SANS } = {}) {
  const text = t.textContent;
  const w = text ? (widthAt100(text, weight, family) * font) / 100 : 0;
  const f = w <= maxW ? font : Math.max(minFont, (font * maxW) / w);
  const size = f + 'px';
  if (t.style.fontSize !== size) t.style.fontSize = size;
  const squeeze = (w * f) / font > maxW;
  if (squeeze) {
    attr(t, 'textLength', maxW);
    attr(t, 'lengthAdjust', 'spacingAndGlyphs');
  } else if (t.hasAttribute('textLength')) {
    t.removeAttribute('textLength');
  }
  return !squeeze;
}

export class TreeView {
  // svg: the <svg>; data: the animation; maxLen(name): the most timers heap `name` holds.
  constructor(svg, data, maxLen) {
    this.svg = svg;
    this.data = data;
    this.maxLen = maxLen;
    this.view = el(svg, 'g', 'viewport');
    this.edges = el(this.view, 'g', 'edges');
    this.labels = el(this.view, 'g', 'labels');
    this.nodes = el(this.view, 'g', 'nodes');
    this.nodeEls = new Map();
    this.layouts = new Map();
    this.zoom = zoom()
      .scaleExtent([0.3, 8])
      .filter((e) => (e.type === 'wheel' || e.type === 'mousedown' || e.type.startsWith('touch')) && !e.button)
      .on('zoom', (e) => this.view.setAttribute('transform', e.transform));
    select(svg).call(this.zoom).on('dblclick.zoom', () => this.fit());
  }

  fit() {
    select(this.svg).call(this.zoom.transform, zoomIdentity);
  }

  // Presenter mode (a class on <body>) makes circles and type half as large again where the
  // heap leaves room for it (a small heap); a crowded one keeps the normal layout.
  layout(name, n, w, h) {
    const presenter = document.body.classList.contains('presenter');
    const key = `${name}:${n}:${w}:${h}:${presenter}`;
    if (!this.layouts.has(key)) {
      const normal = { ...heapLayout(n, w, h), big: false };
      const big = presenter ? { ...heapLayout(n, w, h, 26, 1.5), big: true } : null;
      this.layouts.set(key, big && big.r >= 1.2 * normal.r ? big : normal);
    }
    return this.layouts.get(key);
  }

  // shown: [{ h, k }] the heaps to draw; f: the frame (its heap and highlighted indices).
  draw(f, shown) {
    const W = this.svg.clientWidth || 800;
    const H = this.svg.clientHeight || 300;
    this.edges.replaceChildren();
    this.labels.replaceChildren();
    const used = new Set();
    const entering = [];  // [g, x, y] of nodes created by this frame
    const colW = W / Math.max(1, shown.length);
    shown.forEach(({ h, k }, col) => {
      const x0 = col * colW;
      const title = el(this.labels, 'text', 'heapname' + (k === f.heap ? ' focus' : ''));
      title.setAttribute('x', x0 + 8);
      title.setAttribute('y', 18);
      title.textContent = h.name + (h.timers.length ? `  (${h.timers.length})` : '');
      if (!h.timers.length) {
        const e = el(this.labels, 'text', 'empty');
        e.setAttribute('x', x0 + colW / 2);
        e.setAttribute('y', H / 2);
        e.textContent = '(empty)';
      }
      const n = Math.max(this.maxLen(h.name), h.timers.length);
      const L = this.layout(h.name, n, colW, H);
      const pos = (i) => [x0 + L.pos[i][0], L.pos[i][1]];
      // every edge of the heap as one path (one attribute, not four per edge)
      let d = '';
      for (let i = 1; i < h.timers.length; i++) {
        const [x1, y1] = pos(Math.floor((i - 1) / 4));
        const [x2, y2] = pos(i);
        d += `M${x1.toFixed(1)} ${y1.toFixed(1)}L${x2.toFixed(1)} ${y2.toFixed(1)}`;
      }
      if (d) el(this.edges, 'path', 'edge').setAttribute('d', d);
      h.timers.forEach((t, i) => {
        const key = h.name + ':' + t.id;
        used.add(key);
        this.drawNode(key, t, i, pos(i), L, k === f.heap ? f.hi : [], entering);
      });
    });
    // New nodes start below their place and glide in: one layout for all of them, then
    // their places (a layout per node made a far seek in a large run take most of a second).
    if (entering.length) {
      this.svg.getBoundingClientRect();
      for (const [g, x, y] of entering) g.style.transform = `translate(${x}px, ${y}px)`;
    }
    for (const [key, g] of this.nodeEls) {
      if (!used.has(key)) {
        g.remove();
        this.nodeEls.delete(key);
      }
    }
  }

  drawNode(key, t, i, [x, y], L, hi, entering) {
    const R = L.r;
    let g = this.nodeEls.get(key);
    if (!g) {
      g = el(this.nodes, 'g', 'node');
      el(g, 'title');
      el(g, 'circle');
      el(g, 'text', 'key');
      el(g, 'text', 'ix');
      const nm = el(g, 'text', 'nm');
      el(nm, 'tspan', 'name');
      el(nm, 'tspan', 'st');
      g.style.transform = `translate(${x}px, ${y + 40}px)`;
      this.nodeEls.set(key, g);
      entering.push([g, x, y]);
    }
    attr(g, 'class', 'node' + (hi[0] === i ? ' moving' : '') + (hi.length > 1 && hi[1] === i ? ' compared' : ''));
    attr(g, 'data-id', t.id);
    attr(g, 'data-index', i);
    attr(g, 'data-name', t.name);
    const place = `translate(${x}px, ${y}px)`;
    if ((!entering.length || entering[entering.length - 1][0] !== g) && g.style.transform !== place) g.style.transform = place;
    const [tip, c, kt, ix, nm] = g.children;
    const unit = this.data.unit;
    text(tip, `${t.name} [${i}]: when ${keyExact(t.when, unit)}` + (t.status ? `, ${t.status}` : '') +
      (t.nextwhen !== undefined ? `, pending when ${keyExact(t.nextwhen, unit)}` : ''));
    attr(c, 'fill', statusColor(t.status || '', this.data.statuses));
    attr(c, 'r', R);
    text(kt, keyText(t.when, unit));
    fit(kt, 2 * R - 4, Math.min(L.big ? 30 : 20, R * 0.8), 8, { weight: 700 });
    attr(ix, 'y', -R - (L.big ? 7 : 5));
    text(ix, L.compact ? '' : '[' + i + ']');
    fit(ix, L.room, L.big ? 16 : 12, 8, { family: MONO });
    const [name, st] = nm.children;
    attr(nm, 'y', R + (L.big ? 22 : 15));
    attr(name, 'x', 0);
    text(name, (L.compact ? `[${i}] ` : '') + t.name);
    fit(name, L.room, Math.min(L.big ? 22 : 15, 6 + R * 0.4), 8);
    // The status and the pending when; where the status does not fit, its colour (and the
    // legend, and the tooltip) tell it, and the line keeps the pending when; in a tight
    // layout (a short box) there is no such line.
    const next = t.nextwhen !== undefined ? '→ ' + keyText(t.nextwhen, unit) : '';
    const full = [PLAIN.has(t.status || '') ? '' : shortStatus(t.status), next].filter(Boolean).join(' ');
    attr(st, 'x', 0);
    attr(st, 'dy', full ? '1.15em' : 0);
    for (const line of L.tight ? [''] : [full, next]) {
      text(st, line ? ' ' + line : '');
      if (fit(st, L.room, L.big ? 16 : 12, 9)) break;
    }
  }
}

// Eras side by side (`animate --era go1.9,go1.14 --ops ...`, schema
// gotimers.animation-sides/1): one column per era with its own tree, arrays, narration and
// highlighted Go line (and go1.13's bucket strip), all moved by the one scrubber. data.steps[i][k] is era k's frame at
// step i (src/heaplab/side_by_side.h: every era starts each operation on the same step).
import { TreeView } from './tree.js';
import { drawArrayRows, shownHeaps, maxLenOf } from './arrays.js';
import { codePositions } from './code.js';
import { drawBucketStrip } from './buckets.js';

function el(parent, tag, cls) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

class SideView {
  constructor(box, anim) {
    this.anim = anim;
    this.root = el(box, 'section', 'side');
    this.root.dataset.era = anim.era;
    const head = el(this.root, 'div', 'sidehead');
    el(head, 'span', 'era').textContent = anim.era;
    this.fn = el(head, 'span', 'sidefn');
    // go1.13: its own bucket strip, with its own open buckets
    this.open = new Set();
    this.grid = anim.layout === 'buckets' ? el(this.root, 'div', 'grid') : null;
    this.fi = 0;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'tree');
    this.root.appendChild(svg);
    this.tree = new TreeView(svg, anim, maxLenOf(anim.frames));
    this.arrays = el(this.root, 'div', 'arrays');
    this.text = el(this.root, 'p', 'sidenarration');
    this.code = el(this.root, 'pre', 'codeline');
    this.codeAt = codePositions(anim.frames);
  }

  render(fi) {
    this.fi = fi;
    const f = this.anim.frames[fi];
    const shown = shownHeaps(f, this.anim.layout, this.open);
    if (this.grid) drawBucketStrip(this.grid, f, this.anim, shown, this.open, () => this.render(this.fi));
    this.tree.draw(f, shown);
    drawArrayRows(this.arrays, f, shown, this.anim);
    this.text.textContent = f.text;
    const { fn, line } = this.codeAt[fi];
    const c = this.anim.code.find((x) => x.name === fn);
    this.fn.textContent = c ? `func ${fn} · runtime/time.go @ ${c.tag}` : '';
    this.code.textContent = c && c.lines[line] !== undefined ? `${line + 1}  ${c.lines[line].trim()}` : '';
    this.root.dataset.frame = fi;
  }

  fit() {
    this.tree.fit();
  }
}

// The step list as frames for the scrubber and the chips: a step's operation is the latest
// any era is in.
export function stepFrames(data) {
  return data.steps.map((st) => ({ op: Math.max(...st.map((fi, k) => data.sides[k].frames[fi].op)) }));
}

// Every era's frames and statuses, for the one legend.
export function mergedForLegend(data) {
  const statuses = [];
  for (const s of data.sides) for (const x of s.statuses) if (!statuses.includes(x)) statuses.push(x);
  return { statuses, frames: data.sides.flatMap((s) => s.frames) };
}

export class Sides {
  constructor(box, data) {
    this.data = data;
    box.replaceChildren();
    box.style.setProperty('--sides', data.sides.length);
    this.views = data.sides.map((anim) => new SideView(box, anim));
  }

  render(step) {
    this.data.steps[step].forEach((fi, k) => this.views[k].render(fi));
  }

  fit() {
    for (const v of this.views) v.fit();
  }
}

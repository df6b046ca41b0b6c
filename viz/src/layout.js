// Where each slot of a 4-ary timer heap is drawn: d3-hierarchy's tidy tree (Reingold-Tilford,
// as Buchheim et al. made it linear) over the heap's index tree, whose children of slot i are
// 4i+1 ... 4i+4, as in siftupTimer/siftdownTimer. The layout is made once per heap for the
// most timers it holds in the animation, so a node keeps its place while the heap grows and
// shrinks. Invariant: no two nodes' boxes (circle and labels, `room` wide) overlap; where a
// level is too crowded for ROOM px a label, a node too close to its left neighbour drops to a
// second row of that level (a stagger), which doubles the room each label has.
import { hierarchy, tree as tidyTree } from 'd3-hierarchy';

export const ROOM = 66; // px a node's labels need beside their neighbours'
const MAX_R = 23;
const MIN_R = 9;
const COMPACT_R = 17;
const LABELS_H = 50; // px of text a node has above (its index, 16) and below (name and status, 34) its circle
const STATUS_H = 13; // of those below, what the status line needs (the name keeps its descent)

// n slots in a box w x h (top: px reserved above for the heap's name; scale: of the largest
// circle and the type, 1.5 in presenter mode). Returns
// { pos: [[x, y]...] (slot centres), r (circle radius), room (px of width each label may take),
// compact (the index goes on the name's line), tight (no status line under the name) }.
export function heapLayout(n, w, h, top = 26, scale = 1) {
  const maxR = MAX_R * scale;
  if (n <= 0) return { pos: [], r: maxR, room: w, compact: false };
  const root = hierarchy(0, (i) => {
    const c = [];
    for (let k = 1; k <= 4 && 4 * i + k < n; k++) c.push(4 * i + k);
    return c.length ? c : null;
  });
  tidyTree().nodeSize([1, 1]).separation((a, b) => (a.parent === b.parent ? 1 : 1.25))(root);
  const nodes = root.descendants();
  let minX = Infinity;
  let maxX = -Infinity;
  const levels = [];
  for (const d of nodes) {
    minX = Math.min(minX, d.x);
    maxX = Math.max(maxX, d.x);
    (levels[d.depth] ??= []).push(d);
  }
  const span = maxX - minX;
  // First with half a slot of margin each side; then with margins of half a label's room, so
  // that the outermost labels stay in the box.
  let unit = w / (span + 1);
  let rowsOf;
  let sub;
  let room;
  let margin = unit / 2;
  for (let pass = 0; pass < 2; pass++) {
    ({ rowsOf, sub, room } = assignRows(levels, unit, w));
    margin = Math.min(w / 2, Math.max(unit / 2, room / 2 + 2));
    unit = span > 0 ? (w - 2 * margin) / span : w;
  }
  ({ rowsOf, sub, room } = assignRows(levels, unit, w));
  room -= 4;
  const rows = rowsOf.reduce((s, n) => s + n, 0);
  // Compact labels (the index on the name's line, not above the circle) when the full ones
  // would leave circles too small to read a key in.
  let rowH = (h - top) / rows;
  const compact = (rowH - LABELS_H * scale) / 2 < COMPACT_R;
  let labelsH = (compact ? LABELS_H - 16 : LABELS_H) * scale;
  // Still too short for circles of MIN_R with their labels (a short window): the status line
  // under the name goes (the colour, the legend and the tooltip still tell it), so that the
  // rows fit in the box.
  const tight = rowH < 2 * MIN_R + labelsH;
  if (tight) labelsH -= STATUS_H * scale;
  rowH = Math.max(2 * MIN_R + labelsH, rowH);
  const r = Math.max(MIN_R, Math.min(maxR, (rowH - labelsH) / 2, room / 2 - 1));
  const above = compact ? 0 : 16 * scale;
  const pos = new Array(n);
  let row = 0;
  levels.forEach((l, d) => {
    for (const node of l) {
      pos[node.data] = [margin + (node.x - minX) * unit, top + above + r + (row + sub.get(node.data)) * rowH];
    }
    row += rowsOf[d];
  });
  return { pos, r, room, compact, tight };
}

// Each level's nodes, left to right, go to its first row unless too close (ROOM) to the last
// node there; then to a second row if the last node there is far enough. Returns the rows of
// each level, the row of each slot, and the least width a label has beside its row neighbour.
function assignRows(levels, unit, w) {
  let room = w;
  const sub = new Map();
  const rowsOf = levels.map((l) => {
    l.sort((a, b) => a.x - b.x);
    const last = [-Infinity, -Infinity];
    let rows = 1;
    for (const node of l) {
      const x = node.x * unit;
      const row = x - last[0] >= ROOM ? 0 : x - last[1] >= ROOM ? 1 : x - last[0] >= x - last[1] ? 0 : 1;
      if (row === 1) rows = 2;
      room = Math.min(room, x - last[row]);
      last[row] = x;
      sub.set(node.data, row);
    }
    return rows;
  });
  return { rowsOf, sub, room };
}

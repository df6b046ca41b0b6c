// Writes heap-layouts.json: d3-hierarchy's tidy-tree x of the heap index tree for 1..80 slots
// (d3.tree().nodeSize([1, 1]), the player's separation) and the player's whole layout
// (viz/src/layout.js) for a set of boxes. The C++ port (src/heaplab/tree_layout.cpp) and the
// player are both tested against it. Regenerate (after a reviewed layout change) with:
//   node tests/golden/viz/gen-heap-layouts.mjs > tests/golden/viz/heap-layouts.json
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(path.join(root, 'viz/package.json'));
const { hierarchy, tree } = await import(pathToFileURL(require.resolve('d3-hierarchy')).href);
const { heapLayout } = await import(pathToFileURL(path.join(root, 'viz/src/layout.js')).href);

const round = (v) => Math.round(v * 1e6) / 1e6;
const tidy = [];
for (let n = 1; n <= 80; n++) {
  const r = hierarchy(0, (i) => {
    const c = [];
    for (let k = 1; k <= 4 && 4 * i + k < n; k++) c.push(4 * i + k);
    return c.length ? c : null;
  });
  tree().nodeSize([1, 1]).separation((a, b) => (a.parent === b.parent ? 1 : 1.25))(r);
  const x = new Array(n);
  r.each((d) => { x[d.data] = round(d.x); });
  tidy.push(x);
}
const layouts = [];
for (const [n, w, h, scale] of [[1, 800, 300, 1], [5, 800, 300, 1], [21, 960, 300, 1], [21, 1200, 500, 1.5],
  [40, 992, 472, 1], [64, 1450, 560, 1], [64, 940, 330, 1], [3, 600, 400, 1.5], [80, 1800, 700, 1]]) {
  const L = heapLayout(n, w, h, 26, scale);
  layouts.push({ n, w, h, scale, r: round(L.r), room: round(L.room), compact: L.compact, tight: L.tight,
    pos: L.pos.map(([x, y]) => [round(x), round(y)]) });
}
process.stdout.write(JSON.stringify({ about: 'written by gen-heap-layouts.mjs from d3-hierarchy and viz/src/layout.js', tidy, layouts }) + '\n');

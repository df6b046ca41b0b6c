// The tables the player shares with the C++ writers of the SVG, the GIF and the narrations
// (tests/unit/test_heaplab.cpp reads them too): key texts (viz/src/keys.js) against a
// hand-written table, and tree layouts (viz/src/layout.js) against the one d3 wrote. No
// browser needed.
const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./chromium');

test('heap keys: lab units as typed, scenario keys as +Go durations', async () => {
  const { keyText } = await import(path.join(root, 'viz/src/keys.js'));
  const table = JSON.parse(fs.readFileSync(path.join(root, 'tests/golden/viz/key-texts.json'), 'utf8'));
  assert.ok(table.cases.length >= 10);
  for (const [v, unit, want] of table.cases) assert.strictEqual(keyText(v, unit), want, `keyText(${v}, "${unit}")`);
});

// The player's tree layout against the table d3 wrote (gen-heap-layouts.mjs), which the C++
// port for the SVG and the GIF (src/heaplab/tree_layout.cpp) is tested against too.
test('heap layout: the player and the SVG/GIF share one table of positions', async () => {
  const { heapLayout } = await import(path.join(root, 'viz/src/layout.js'));
  const g = JSON.parse(fs.readFileSync(path.join(root, 'tests/golden/viz/heap-layouts.json'), 'utf8'));
  for (const want of g.layouts) {
    const L = heapLayout(want.n, want.w, want.h, 26, want.scale);
    const what = `${want.n} slots in ${want.w}x${want.h}`;
    assert.ok(Math.abs(L.r - want.r) < 1e-5, what);
    assert.strictEqual(L.compact, want.compact, what);
    assert.strictEqual(L.tight, want.tight, what);
    L.pos.forEach(([x, y], i) => assert.ok(Math.abs(x - want.pos[i][0]) < 1e-5 && Math.abs(y - want.pos[i][1]) < 1e-5, `${what}: slot ${i}`));
  }
});

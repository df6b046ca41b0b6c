// The player's key texts (viz/src/keys.js) against the hand-written table that the C++ side's
// test (tests/unit/test_heaplab.cpp) reads too: the page, the SVG, the GIF and the narrations
// write a key the same way. No browser needed.
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

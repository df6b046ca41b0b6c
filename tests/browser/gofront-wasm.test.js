// The Go front end compiled to WebAssembly (src/gofront as GOOS=js GOARCH=wasm, the standard
// library's types from stdlib.bundle) gives what the command gives: the same IR, byte for
// byte once parsed, for every shipped Go scenario, and the same messages for programs that
// are not valid Go, that go vet rejects, or that use what the simulator does not support.
// The native gofront is the one beside the gotimers binary under test.
const { test, before } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { root, bin } = require('./chromium');
const { loadGofront } = require('./lab-wasm');

const native = path.join(path.dirname(bin), 'gofront');
let gofront;
before(async () => { gofront = await loadGofront(); });

// The native front end on one file, run in its folder so that the IR names it as the page does.
function nativeRun(file) {
  const r = spawnSync(native, [path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8' });
  return { status: r.status, ir: r.stdout, err: r.stderr };
}

test('every shipped Go scenario: the same IR as the native front end', () => {
  const dirs = fs.readdirSync(path.join(root, 'scenarios'));
  const files = dirs.flatMap((d) => fs.readdirSync(path.join(root, 'scenarios', d))
    .filter((f) => f.endsWith('.go')).map((f) => path.join(root, 'scenarios', d, f)));
  assert.ok(files.length >= 15, `${files.length} programs`);
  for (const file of files) {
    const want = nativeRun(file);
    assert.strictEqual(want.status, 0, `${file}: ${want.err}`);
    const got = gofront.compile({ [path.basename(file)]: fs.readFileSync(file, 'utf8') });
    assert.ok(got.ok, `${file}: ${got.error}`);
    assert.deepStrictEqual(got.ir, JSON.parse(want.ir), file);
  }
});

test('mistakes: the native front end\'s messages', () => {
  const bad = path.join(root, 'src/gofront/testdata/bad');
  const files = fs.readdirSync(bad).filter((f) => f.endsWith('.go')).sort();
  assert.ok(files.length >= 20, `${files.length} programs`);
  let compared = 0;
  for (const f of files) {
    const want = nativeRun(path.join(bad, f));
    assert.strictEqual(want.status, 2, `${f}: ${want.err}`);
    const got = gofront.compile({ [f]: fs.readFileSync(path.join(bad, f), 'utf8') });
    assert.strictEqual(got.ok, false, f);
    if (got.error.includes("is not available in the page")) continue;  // below
    assert.strictEqual(got.error, want.err.trimEnd(), f);
    compared++;
  }
  assert.ok(compared >= files.length - 1, `${compared} of ${files.length} compared`);  // all but a non-std import
  // a package outside the VM's library cannot be type-checked in the page
  const other = gofront.compile({ 'p.go': 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.StatusOK }\n' });
  assert.strictEqual(other.ok, false);
  assert.match(other.error, /^p\.go:3:8: could not import net\/http \(package net\/http is not available in the page/);
});

// The heap lab and the Go front end in WebAssembly (scripts/build-wasm.sh) loaded in Node,
// from GOTIMERS_WASM_DIR (default build/wasm). loadLab() gives the calls the lab page makes
// (viz/src/lab_api.js: lab, program, eras); loadGofront().compile() runs gofront.wasm's
// gofrontCompile (src/gofront/main_js.go).
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./chromium');

const wasmDir = process.env.GOTIMERS_WASM_DIR || path.join(root, 'build/wasm');
const wasmJs = path.join(wasmDir, 'gotimers-lab.js');

// The page's own wrapper of the calls (viz/src/lab_api.js) on the module.
async function loadLab() {
  const { labApi } = await import(path.join(root, 'viz/src/lab_api.js'));
  return labApi(await require(wasmJs)());
}

// gofront.wasm on Go's wasm_exec.js, initialised with stdlib.bundle.
async function loadGofront() {
  require(path.join(wasmDir, 'wasm_exec.js'));
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(
    fs.readFileSync(path.join(wasmDir, 'gofront.wasm')), go.importObject);
  go.run(instance);  // sets gofrontInit and gofrontCompile, then waits
  const err = globalThis.gofrontInit(new Uint8Array(fs.readFileSync(path.join(wasmDir, 'stdlib.bundle'))));
  if (err) throw new Error(err);
  return { compile: (files) => JSON.parse(globalThis.gofrontCompile(files)) };
}

module.exports = { wasmDir, loadLab, loadGofront };

// The heap lab and the Go front end in WebAssembly (scripts/build-wasm.sh) loaded in Node,
// from GOTIMERS_WASM_DIR (default build/wasm). loadLab().lab() runs gotimers_lab and returns
// its parsed answer (wasm/lab_api.cpp has the format); loadGofront().compile() runs
// gofront.wasm's gofrontCompile (src/gofront/main_js.go).
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./chromium');

const wasmDir = process.env.GOTIMERS_WASM_DIR || path.join(root, 'build/wasm');
const wasmJs = path.join(wasmDir, 'gotimers-lab.js');

async function loadLab() {
  const M = await require(wasmJs)();
  const take = () => {
    const p = M.ccall('gotimers_take', 'number', [], []);
    const s = M.UTF8ToString(p);
    M.ccall('gotimers_free', null, ['number'], [p]);
    return JSON.parse(s);
  };
  return {
    async lab(eras, ops, { procs = 0, player = '', svg = false } = {}) {
      await M.ccall('gotimers_lab', null, ['string', 'string', 'number', 'string', 'number'],
        [eras, ops, procs, player, svg ? 1 : 0], { async: true });
      return take();
    },
    // A Go program's run (its IR from gofront): the answer of gotimers_program.
    async program(ir, name, era, { procs = 0, heap = '', player = '', svg = false } = {}) {
      await M.ccall('gotimers_program', null,
        ['string', 'string', 'string', 'number', 'string', 'string', 'number'],
        [ir, name, era, procs, heap, player, svg ? 1 : 0], { async: true });
      return take();
    },
    eras() {
      const p = M.ccall('gotimers_eras', 'number', [], []);
      const s = M.UTF8ToString(p);
      M.ccall('gotimers_free', null, ['number'], [p]);
      return JSON.parse(s);
    },
  };
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

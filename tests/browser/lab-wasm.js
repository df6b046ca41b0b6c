// The heap lab in WebAssembly (wasm/, scripts/build-wasm.sh) loaded in Node: GOTIMERS_WASM,
// default build/wasm/gotimers-lab.js. lab() runs gotimers_lab and returns its parsed answer
// (wasm/lab_api.cpp has the format).
const path = require('node:path');
const { root } = require('./chromium');

const wasmJs = process.env.GOTIMERS_WASM || path.join(root, 'build/wasm/gotimers-lab.js');

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
    eras() {
      const p = M.ccall('gotimers_eras', 'number', [], []);
      const s = M.UTF8ToString(p);
      M.ccall('gotimers_free', null, ['number'], [p]);
      return JSON.parse(s);
    },
  };
}

module.exports = { wasmJs, loadLab };

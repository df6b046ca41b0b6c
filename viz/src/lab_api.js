// The calls of the simulator in WebAssembly (wasm/lab_api.cpp has the answers' format), on
// the Emscripten module gotimers-lab.js makes: the lab page uses them, and so do the tests
// (tests/browser/lab-wasm.js), which hold their answers to the command line's.
// gotimers_lab and gotimers_program switch fibers (Asyncify), so they are awaited and their
// answer is taken with gotimers_take afterwards.
export function labApi(M) {
  const json = (p) => {
    const s = M.UTF8ToString(p);
    M.ccall('gotimers_free', null, ['number'], [p]);
    return JSON.parse(s);
  };
  const take = () => json(M.ccall('gotimers_take', 'number', [], []));
  return {
    // The heap lab: eras (one, or 2 to 4 comma-separated), operations, GOMAXPROCS (0: enough
    // for every @Pk), the player template to fill ('' for none), whether to make the SVG.
    async lab(eras, ops, { procs = 0, player = '', svg = false } = {}) {
      await M.ccall('gotimers_lab', null, ['string', 'string', 'number', 'string', 'number'],
        [eras, ops, procs, player, svg ? 1 : 0], { async: true });
      return take();
    },
    // A Go program's run: its IR (gofront's JSON text) and name, the era, GOMAXPROCS, the
    // one heap to show ('' for all), the player template, whether to make the SVG.
    async program(ir, name, era, { procs = 0, heap = '', player = '', svg = false } = {}) {
      await M.ccall('gotimers_program', null,
        ['string', 'string', 'string', 'number', 'string', 'string', 'number'],
        [ir, name, era, procs, heap, player, svg ? 1 : 0], { async: true });
      return take();
    },
    // The era options: [{name, summary, goMinor}].
    eras: () => json(M.ccall('gotimers_eras', 'number', [], [])),
  };
}

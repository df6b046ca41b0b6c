// Go programs in the lab page: the Go front end (src/gofront built as GOOS=js GOARCH=wasm,
// with the standard library's types from stdlib.bundle: scripts/build-site.sh puts both,
// base64, in gofront.js beside Go's wasm_exec.js) and the shipped programs as examples.
// Loaded on first use: the front end is about 10 MB.

// The shipped Go scenarios of scenarios/teaching, then scenarios/pitfalls, by file name.
const shipped = import.meta.glob(['../../scenarios/teaching/*.go', '../../scenarios/pitfalls/*.go'],
  { query: '?raw', import: 'default', eager: true });
export const PROGRAMS = Object.entries(shipped)
  .map(([file, src]) => ({ name: file.split('/').pop().replace(/\.go$/, ''),
    dir: file.split('/').slice(-2, -1)[0], src }))
  .sort((a, b) => b.dir.localeCompare(a.dir) || a.name.localeCompare(b.name));  // teaching first

function script(src) {
  return new Promise((loaded, failed) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = loaded;
    s.onerror = () => failed(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}
const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

let compile = null;
// The front end: files ({name: source}) -> {ok, ir} or {ok: false, error} (main_js.go).
export async function gofront() {
  if (compile) return compile;
  await script('./wasm_exec.js');
  await script('./gofront.js');
  const go = new window.Go();
  const { instance } = await WebAssembly.instantiate(bytes(window.gotimersGofront.wasm), go.importObject);
  go.run(instance);  // sets gofrontInit and gofrontCompile, then waits for calls
  const err = window.gofrontInit(bytes(window.gotimersGofront.bundle));
  if (err) throw new Error(err);
  compile = (files) => JSON.parse(window.gofrontCompile(files));
  return compile;
}

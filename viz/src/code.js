// The Go code a frame stands for: a frame with no function keeps the previous frame's.
export function codePositions(frames) {
  const at = [];
  let fn = '';
  let line = -1;
  for (const f of frames) {
    if (f.fn) {
      fn = f.fn;
      line = f.line;
    }
    at.push({ fn, line });
  }
  return at;
}

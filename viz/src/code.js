// The Go code a frame stands for: a frame with no function keeps the previous frame's, but
// an operation's first frame shows none (the previous operation's function is not on the
// new one's path).
export function codePositions(frames) {
  const at = [];
  let fn = '';
  let line = -1;
  for (const f of frames) {
    if (f.kind === 'op') {
      fn = '';
      line = -1;
    }
    if (f.fn) {
      fn = f.fn;
      line = f.line;
    }
    at.push({ fn, line });
  }
  return at;
}

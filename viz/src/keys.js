// How the player writes a heap key. Lab animations (unit "") use the lab's own units as typed
// (`add a=20`). Scenario runs (unit "ms", keys relative to the run's start) read as a Go
// programmer reads a timer: "+20s", "+1.5ms", "+2m30s", as time.Duration.String writes them,
// rounded to four significant digits so that the microsecond the program spent before
// starting its timer does not turn "+20s" into "+20.000001s" (the exact value is the
// node's tooltip).
export function num(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 100 ? 2 : 1);
}

// v / 10^prec with its fraction, trailing zeros dropped (Go's fmtFrac and fmtInt).
function frac(v, prec) {
  const p = 10 ** prec;
  const f = String(v % p).padStart(prec, '0').replace(/0+$/, '');
  return String(Math.floor(v / p)) + (f ? '.' + f : '');
}

// A duration in ns, as Go's Duration.String writes it, after rounding to 4 significant digits
// (to the millisecond at most: 1h2m3.5s keeps its half second).
export function roundedDuration(ns) {
  if (ns === 0) return '0s';
  const abs = BigInt(Math.abs(ns));
  const digits = abs.toString().length;
  const q = 10n ** BigInt(Math.max(0, Math.min(digits - 4, 6)));
  const u = Number(((abs + q / 2n) / q) * q);
  let s;
  if (u < 1e3) s = u + 'ns';
  else if (u < 1e6) s = frac(u, 3) + 'µs';
  else if (u < 1e9) s = frac(u, 6) + 'ms';
  else {
    const h = Math.floor(u / 3600e9);
    const m = Math.floor(u / 60e9) % 60;
    s = (h ? h + 'h' : '') + (h || m ? m + 'm' : '') + frac(u % 60e9, 9) + 's';
  }
  return (ns < 0 ? '-' : '') + s;
}

// The text of a key (or a pending when) in an animation of unit `unit`.
export function keyText(v, unit) {
  if (unit !== 'ms') return num(v);
  const ns = Math.sign(v) * Math.round(Math.abs(v) * 1e6);
  return (ns >= 0 ? '+' : '') + roundedDuration(ns);
}

// The exact key, for tooltips.
export function keyExact(v, unit) {
  return unit === 'ms' ? `${v} ms after the start` : String(v);
}

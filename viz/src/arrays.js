// The heaps of a frame as arrays: one scrollable line of cells per heap, coloured by status,
// the moving and compared cells outlined, the moving one kept in view.
import { statusColor } from './status.js';
import { keyText } from './keys.js';

// box: the container; f: the frame; shown: [{ h, k }] the heaps to show; data: the animation.
export function drawArrayRows(box, f, shown, data) {
  box.replaceChildren();
  for (const { h, k } of shown) {
    const row = document.createElement('div');
    row.className = 'array';
    const name = document.createElement('span');
    name.className = 'aname';
    name.textContent = h.name;
    row.appendChild(name);
    h.timers.forEach((t, i) => {
      const c = document.createElement('div');
      c.className = 'cell';
      if (k === f.heap && f.hi[0] === i) c.classList.add('moving');
      if (k === f.heap && f.hi.length > 1 && f.hi[1] === i) c.classList.add('compared');
      c.style.background = statusColor(t.status || '', data.statuses);
      c.innerHTML = `<span class="i">${i}</span><span class="v"></span>`;
      c.lastChild.textContent = `${t.name}=${keyText(t.when, data.unit)}`;
      row.appendChild(c);
    });
    box.appendChild(row);
    const hot = row.querySelector('.moving');
    if (hot) row.scrollLeft = Math.max(0, hot.offsetLeft - row.clientWidth / 2);
  }
}

// The heaps a frame shows: every P side by side (perP); else the heap the frame concerns
// (or the first), beside the heaps in `open` (go1.13's buckets the viewer opened, in bucket
// order; an open bucket with no timers is shown empty).
export function shownHeaps(f, layout, open = new Set()) {
  if (layout === 'perP') return f.heaps.map((h, k) => ({ h, k }));
  const k = f.heap >= 0 ? f.heap : f.heaps.length ? 0 : -1;
  const names = new Set(open);
  if (k >= 0) names.add(f.heaps[k].name);
  const num = (name) => Number(name.replace(/\D+/g, '')) || 0;
  return [...names].sort((a, b) => num(a) - num(b)).map((name) => {
    const j = f.heaps.findIndex((h) => h.name === name);
    return j >= 0 ? { h: f.heaps[j], k: j } : { h: { id: -1, name, timers: [] }, k: -1 };
  });
}

// The most timers each heap holds in any frame, by heap name (the tree keeps one layout).
export function maxLenOf(frames) {
  const m = new Map();
  for (const f of frames) for (const h of f.heaps) m.set(h.name, Math.max(m.get(h.name) || 1, h.timers.length));
  return (name) => m.get(name) || 1;
}

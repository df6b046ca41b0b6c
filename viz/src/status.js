// Status colours and the legend. Statuses are data (the era's own names, or go1.23's state-bit
// sets); well-known ones get fixed colours, any other a colour from the palette by its place
// in the era's list.
const KNOWN = {
  '': '#d0ebff', timerWaiting: '#b2f2bb', timerDeleted: '#ffa8a8', timerRemoving: '#ffc9c9',
  timerRemoved: '#dee2e6', timerRunning: '#ffe066', timerModifying: '#ffd8a8',
  timerModifiedEarlier: '#ffc078', timerModifiedLater: '#fcc2d7', timerMoving: '#d0bfff',
  timerNoStatus: '#e9ecef',
  // go1.23 state-bit sets (Recorder::stateBits): zombies red, modified orange
  heaped: '#b2f2bb', 'heaped|modified': '#ffc078', 'heaped|zombie': '#ffa8a8',
  'heaped|modified|zombie': '#ff8787', none: '#dee2e6',
};
// The usual status of a timer in a heap gets no label.
export const PLAIN = new Set(['', 'timerWaiting', 'heaped']);
const PALETTE = ['#99e9f2', '#c0eb75', '#eebefa', '#ffd43b', '#a5d8ff', '#ffa94d', '#b197fc'];

export function statusColor(s, statuses = []) {
  if (s in KNOWN) return KNOWN[s];
  const i = Math.max(0, statuses.indexOf(s));
  return PALETTE[i % PALETTE.length];
}
export const shortStatus = (s) => (s || '').replace(/^timer/, '');

// The statuses the animation's frames show, in the era's order (then any other, sorted).
export function statusesShown(data) {
  const seen = new Set();
  for (const f of data.frames) for (const h of f.heaps) for (const t of h.timers) seen.add(t.status || '');
  const order = [...(data.statuses || []).filter((s) => seen.has(s)), ...[...seen].filter((s) => !(data.statuses || []).includes(s)).sort()];
  return order;
}

// Fills the legend element: a swatch and a name per status shown.
export function drawLegend(box, data) {
  box.replaceChildren();
  for (const s of statusesShown(data)) {
    const item = document.createElement('span');
    item.className = 'item';
    const sw = document.createElement('i');
    sw.style.background = statusColor(s, data.statuses);
    item.append(sw, s === '' ? 'in the heap' : shortStatus(s));
    item.title = s || 'a timer in the heap (this era has no status field)';
    box.appendChild(item);
  }
}

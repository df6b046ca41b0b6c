// go1.13's 64 buckets (timers[0..63]) as a strip: each cell shows its bucket's timer count,
// the buckets the view shows are marked (the frame's own, and those opened), and a click
// opens or closes a bucket beside the frame's own. Used by the single view and by each
// go1.13 column of the side-by-side view, each with its own set of open buckets.

// grid: the strip's element; f: the frame; anim: its animation (bucketCount); shown: the
// heaps the view draws (arrays.js shownHeaps); open: the opened bucket names (a Set, changed
// here); onToggle: called after a click changed open.
export function drawBucketStrip(grid, f, anim, shown, open, onToggle) {
  grid.hidden = false;
  grid.replaceChildren();
  const names = new Set(shown.map(({ h }) => h.name));
  for (let b = 0; b < anim.bucketCount; b++) {
    const name = 'bucket ' + b;
    const h = f.heaps.find((x) => x.name === name);
    const n = h ? h.timers.length : 0;
    const d = document.createElement('div');
    d.className = 'b' + (n ? ' used' : '') + (names.has(name) ? ' focus' : '') + (open.has(name) ? ' open' : '');
    d.dataset.bucket = b;
    d.textContent = n ? String(n) : '';
    d.title = `timers[${b}]: ${n} timer${n === 1 ? '' : 's'}; click to ${open.has(name) ? 'close' : 'open'} it`;
    d.addEventListener('click', () => {
      if (open.has(name)) open.delete(name);
      else open.add(name);
      onToggle();
    });
    grid.appendChild(d);
  }
}

// The operation chips in the header: one line, never more. With many operations only a window
// around the current one is shown, between a "… N earlier" and a "N later …" chip (each
// jumps to the operation next to the window), so the chips never cover the stage.
export class Chips {
  // box: the <ol>; ops: data.ops; jump(k): seek to operation k.
  constructor(box, ops, jump) {
    this.box = box;
    this.ops = ops;
    this.jump = jump;
    this.cur = null;
  }

  chip(text, k, cls) {
    const li = document.createElement('li');
    li.className = cls || '';
    li.dataset.op = k;
    li.textContent = text;
    li.title = 'jump to operation ' + (k + 1);
    li.addEventListener('click', () => this.jump(k));
    this.box.appendChild(li);
    return li;
  }

  // Shows the window around operation cur (-1: before the first).
  draw(cur) {
    if (cur === this.cur && this.box.childElementCount) return;
    this.cur = cur;
    const n = this.ops.length;
    const c = Math.max(0, Math.min(n - 1, cur));
    // the widest window [lo, hi) around c that fits on one line
    // (one line holds a few dozen chips at most: start there, not at every operation)
    for (let width = Math.min(n, 40); width >= 1; width = width > 8 ? Math.ceil(width * 0.7) : width - 1) {
      const lo = Math.max(0, Math.min(c - Math.floor(width / 3), n - width));
      const hi = Math.min(n, lo + width);
      this.render(lo, hi, cur);
      if (this.box.scrollWidth <= this.box.clientWidth + 1 || width === 1) return;
    }
  }

  render(lo, hi, cur) {
    this.box.replaceChildren();
    if (lo > 0) this.chip(`… ${lo} earlier`, lo - 1, 'more');
    for (let k = lo; k < hi; k++) {
      const o = this.ops[k];
      const li = this.chip(`${k + 1}. ${o.text}`, k, k === cur ? 'current' : k < cur ? 'done' : '');
      if (o.result) {
        const r = document.createElement('span');
        r.className = 'res';
        r.textContent = '→ ' + o.result;
        li.appendChild(r);
      }
    }
    if (hi < this.ops.length) this.chip(`${this.ops.length - hi} later …`, hi, 'more');
  }
}

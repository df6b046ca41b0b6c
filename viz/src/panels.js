// What the page shows around the tree, for a desk or a lecture hall: presenter mode (large
// type for a projector), and the code pane, the operation chips, the lock strip and the
// colour legend, each hideable by a button or a key. Each is a class on <body> (presenter,
// no-code, no-chips, no-strip, no-legend) that style.css reads. On a narrow screen (a
// 1024x768 projector) the code pane starts hidden, so the tree has the width.
const PANELS = [
  { key: 'p', cls: 'presenter', button: 'presenter', on: false, label: 'presenter mode (p)' },
  { key: 'c', cls: 'no-code', button: 'code', on: true, label: 'Go code pane (c)' },
  { key: 'o', cls: 'no-chips', button: 'ops', on: true, label: 'operation chips (o)' },
  { key: 's', cls: 'no-strip', button: 'locks', on: true, label: 'locks and timer goroutines (s)' },
  { key: 'l', cls: 'no-legend', button: 'legend', on: true, label: 'colour legend (l)' },
];

// Builds the toggle buttons in #panels; onChange() redraws. Returns { key(k), set(name, on),
// shown(name) }: name is a button's text ("code").
export function initPanels(onChange) {
  const box = document.getElementById('panels');
  const shown = new Map();
  const apply = (p) => {
    const on = shown.get(p.button);
    // presenter is a mode that is on; the others are panels that are hidden
    document.body.classList.toggle(p.cls, p.cls === 'presenter' ? on : !on);
    p.el.setAttribute('aria-pressed', String(on));
  };
  for (const p of PANELS) {
    p.el = document.createElement('button');
    p.el.type = 'button';
    p.el.textContent = p.button;
    p.el.title = 'show or hide: ' + p.label;
    p.el.dataset.panel = p.button;
    p.el.addEventListener('click', () => set(p.button, !shown.get(p.button)));
    box.appendChild(p.el);
    shown.set(p.button, p.on && !(p.button === 'code' && window.innerWidth < 1200));
    apply(p);
  }
  function set(name, on) {
    const p = PANELS.find((x) => x.button === name);
    if (!p) return;
    shown.set(name, on);
    apply(p);
    onChange();
  }
  return {
    key(k) {
      const p = PANELS.find((x) => x.key === k);
      if (p) set(p.button, !shown.get(p.button));
    },
    set,
    shown: (name) => shown.get(name),
  };
}

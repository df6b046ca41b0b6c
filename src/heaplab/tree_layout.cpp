// The heap's tree layout: see tree_layout.h. tidyX follows d3-hierarchy's src/tree.js
// function by function (firstWalk, secondWalk, apportion, moveSubtree, executeShifts,
// nextLeft, nextRight, nextAncestor), on arrays indexed by heap slot; slot n is d3's
// virtual parent of the root.
#include "heaplab/tree_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace gotimers::heaplab {

namespace {

struct Tidy {
  size_t n;
  int root;  // the virtual parent: n
  std::vector<int> A, a, t;
  std::vector<double> z, m, c, s;

  explicit Tidy(size_t count)
      : n(count),
        root(static_cast<int>(count)),
        A(count + 1, -1),
        a(count + 1),
        t(count + 1, -1),
        z(count + 1, 0),
        m(count + 1, 0),
        c(count + 1, 0),
        s(count + 1, 0) {
    for (size_t i = 0; i <= count; i++)
      a[i] = static_cast<int>(i);
  }

  int parent(int v) const { return v == 0 ? root : (v - 1) / 4; }
  int first(int v) const {  // first child, -1 if none
    if (v == root) return 0;
    size_t f = 4 * static_cast<size_t>(v) + 1;
    return f < n ? static_cast<int>(f) : -1;
  }
  int last(int v) const {
    if (v == root) return 0;
    size_t l = std::min(4 * static_cast<size_t>(v) + 4, n - 1);
    return first(v) < 0 ? -1 : static_cast<int>(l);
  }
  int number(int v) const { return v == 0 ? 0 : (v - 1) % 4; }  // d3's TreeNode.i
  double separation(int x, int y) const { return parent(x) == parent(y) ? 1 : 1.25; }
  int nextLeft(int v) const { return first(v) >= 0 ? first(v) : t[v]; }
  int nextRight(int v) const { return first(v) >= 0 ? last(v) : t[v]; }

  void moveSubtree(int wm, int wp, double shift) {
    double change = shift / (number(wp) - number(wm));
    c[wp] -= change;
    s[wp] += shift;
    c[wm] += change;
    z[wp] += shift;
    m[wp] += shift;
  }
  void executeShifts(int v) {
    double shift = 0, change = 0;
    for (int w = last(v); w >= first(v); w--) {
      z[w] += shift;
      m[w] += shift;
      shift += s[w] + (change += c[w]);
    }
  }
  int nextAncestor(int vim, int v, int ancestor) const {
    return parent(a[vim]) == parent(v) ? a[vim] : ancestor;
  }
  int apportion(int v, int w, int ancestor) {
    if (w < 0) return ancestor;
    int vip = v, vop = v, vim = w, vom = first(parent(vip));
    double sip = m[vip], sop = m[vop], sim = m[vim], som = m[vom];
    while (true) {
      vim = nextRight(vim);
      vip = nextLeft(vip);
      if (vim < 0 || vip < 0) break;
      vom = nextLeft(vom);
      vop = nextRight(vop);
      a[vop] = v;
      double shift = z[vim] + sim - z[vip] - sip + separation(vim, vip);
      if (shift > 0) {
        moveSubtree(nextAncestor(vim, v, ancestor), v, shift);
        sip += shift;
        sop += shift;
      }
      sim += m[vim];
      sip += m[vip];
      som += m[vom];
      sop += m[vop];
    }
    if (vim >= 0 && nextRight(vop) < 0) {
      t[vop] = vim;
      m[vop] += sim - sop;
    }
    if (vip >= 0 && nextLeft(vom) < 0) {
      t[vom] = vip;
      m[vom] += sip - som;
      ancestor = v;
    }
    return ancestor;
  }
  void firstWalk(int v) {
    int w = number(v) ? v - 1 : -1;  // siblings are consecutive slots
    if (first(v) >= 0) {
      executeShifts(v);
      double midpoint = (z[first(v)] + z[last(v)]) / 2;
      if (w >= 0) {
        z[v] = z[w] + separation(v, w);
        m[v] = z[v] - midpoint;
      } else {
        z[v] = midpoint;
      }
    } else if (w >= 0) {
      z[v] = z[w] + separation(v, w);
    }
    int p = parent(v);
    A[p] = apportion(v, w, A[p] >= 0 ? A[p] : first(p));
  }
  void eachAfter(int v) {  // post-order, children left to right (d3's node.eachAfter)
    if (first(v) >= 0) {
      for (int k = first(v); k <= last(v); k++)
        eachAfter(k);
    }
    firstWalk(v);
  }
};

}  // namespace

std::vector<double> tidyX(size_t n) {
  if (n == 0) return {};
  Tidy td(n);
  td.eachAfter(0);
  td.m[td.root] = -td.z[0];
  std::vector<double> x(n);
  for (size_t v = 0; v < n; v++) {  // secondWalk, pre-order: a parent's slot comes first
    int p = td.parent(static_cast<int>(v));
    x[v] = td.z[v] + td.m[p];
    td.m[v] += td.m[p];
  }
  return x;
}

namespace {

constexpr double kMaxR = 23, kMinR = 9, kCompactR = 17;
constexpr double kLabelsH = 50;  // px of text above (index, 16) and below (name, status, 34)
constexpr double kStatusH = 13;  // of those below, what the status line needs (layout.js)

struct Rows {
  std::vector<int> rowsOf;  // 1 or 2 rows per level
  std::vector<int> sub;     // the row of each slot in its level
  double room = 0;
};

size_t depthOf(size_t i) {
  size_t d = 0;
  while (i > 0) {
    i = (i - 1) / 4;
    d++;
  }
  return d;
}

// layout.js's assignRows: each level's nodes, left to right, go to its first row unless too
// close (kLabelRoom) to the last node there; then to a second row if the last node there is
// far enough.
Rows assignRows(const std::vector<std::vector<size_t>>& levels, const std::vector<double>& x,
                double unit, double w, size_t n) {
  Rows r;
  r.room = w;
  r.sub.assign(n, 0);
  for (const std::vector<size_t>& l : levels) {
    double last[2] = {-std::numeric_limits<double>::infinity(),
                      -std::numeric_limits<double>::infinity()};
    int rows = 1;
    for (size_t v : l) {
      double px = x[v] * unit;
      int row = px - last[0] >= kLabelRoom     ? 0
                : px - last[1] >= kLabelRoom   ? 1
                : px - last[0] >= px - last[1] ? 0
                                               : 1;
      if (row == 1) rows = 2;
      r.room = std::min(r.room, px - last[row]);
      last[row] = px;
      r.sub[v] = row;
    }
    r.rowsOf.push_back(rows);
  }
  return r;
}

}  // namespace

HeapLayout heapLayout(size_t n, double w, double h, double top, double scale) {
  HeapLayout L;
  double maxR = kMaxR * scale;
  L.r = maxR;
  L.room = w;
  if (n == 0) return L;
  std::vector<double> x = tidyX(n);
  std::vector<std::vector<size_t>> levels;
  double minX = x[0], maxX = x[0];
  for (size_t v = 0; v < n; v++) {
    size_t d = depthOf(v);
    if (levels.size() <= d) levels.resize(d + 1);
    levels[d].push_back(v);
    minX = std::min(minX, x[v]);
    maxX = std::max(maxX, x[v]);
  }
  for (std::vector<size_t>& l : levels)
    std::stable_sort(l.begin(), l.end(), [&](size_t p, size_t q) { return x[p] < x[q]; });
  double span = maxX - minX;
  double unit = w / (span + 1);
  double margin = unit / 2;
  Rows rows;
  for (int pass = 0; pass < 2; pass++) {
    rows = assignRows(levels, x, unit, w, n);
    margin = std::min(w / 2, std::max(unit / 2, rows.room / 2 + 2));
    unit = span > 0 ? (w - 2 * margin) / span : w;
  }
  rows = assignRows(levels, x, unit, w, n);
  L.room = rows.room - 4;
  int total = 0;
  for (int k : rows.rowsOf)
    total += k;
  double rowH = (h - top) / total;
  L.compact = (rowH - kLabelsH * scale) / 2 < kCompactR;
  double labelsH = (L.compact ? kLabelsH - 16 : kLabelsH) * scale;
  // still too short for circles of kMinR with their labels: no status line (layout.js)
  L.tight = rowH < 2 * kMinR + labelsH;
  if (L.tight) labelsH -= kStatusH * scale;
  rowH = std::max(2 * kMinR + labelsH, rowH);
  L.r = std::max(kMinR, std::min({maxR, (rowH - labelsH) / 2, L.room / 2 - 1}));
  double above = L.compact ? 0 : 16 * scale;
  L.pos.resize(n);
  int row = 0;
  for (size_t d = 0; d < levels.size(); d++) {
    for (size_t v : levels[d]) {
      L.pos[v] = {margin + (x[v] - minX) * unit, top + above + L.r + (row + rows.sub[v]) * rowH};
    }
    row += rows.rowsOf[d];
  }
  return L;
}

}  // namespace gotimers::heaplab

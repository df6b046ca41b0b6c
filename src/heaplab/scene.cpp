#include "heaplab/scene.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heaplab/keys.h"
#include "heaplab/tree_layout.h"

namespace gotimers::heaplab {

std::string Rgb::hex() const {
  return fmt::format("#{:02x}{:02x}{:02x}", r, g, b);
}

namespace {

constexpr Rgb kInk{29, 35, 48}, kMuted{107, 114, 128}, kLine{201, 204, 211}, kBg{251, 250, 247},
    kAccent{232, 89, 12}, kAccent2{25, 113, 194}, kWhite{255, 255, 255}, kTreeStroke{75, 85, 99},
    kTimerInk{17, 17, 17}, kCell{156, 163, 175};

// The player's status colours (viz/src/main.js KNOWN): statuses are data; unknown ones get
// a palette colour by their position in Animation::statuses.
struct Known {
  const char* name;
  Rgb c;
};
constexpr Known kKnownStatuses[] = {
    {"", {208, 235, 255}},
    {"timerWaiting", {178, 242, 187}},
    {"timerDeleted", {255, 168, 168}},
    {"timerRemoving", {255, 201, 201}},
    {"timerRemoved", {222, 226, 230}},
    {"timerRunning", {255, 224, 102}},
    {"timerModifying", {255, 216, 168}},
    {"timerModifiedEarlier", {255, 192, 120}},
    {"timerModifiedLater", {252, 194, 215}},
    {"timerMoving", {208, 191, 255}},
    {"timerNoStatus", {233, 236, 239}},
    // go1.23 state-bit sets (eras::timerStateWords)
    {"heaped", {178, 242, 187}},
    {"heaped|modified", {255, 192, 120}},
    {"heaped|zombie", {255, 168, 168}},
    {"heaped|modified|zombie", {255, 135, 135}},
    {"none", {222, 226, 230}},
};
constexpr Rgb kStatusPalette[] = {{153, 233, 242}, {192, 235, 117}, {238, 190, 250}, {255, 212, 59},
                                  {165, 216, 255}, {255, 169, 77},  {177, 151, 252}};

Rgb statusColor(const Animation& a, const std::string& s) {
  for (const Known& k : kKnownStatuses) {
    if (s == k.name) return k.c;
  }
  auto it = std::find(a.statuses.begin(), a.statuses.end(), s);
  size_t i = it == a.statuses.end() ? 0 : static_cast<size_t>(it - a.statuses.begin());
  return kStatusPalette[i % 7];
}

Prim text(double x, double y, std::string s, double size, Rgb c, bool bold = false,
          bool middle = false, bool mono = false) {
  Prim p;
  p.kind = Prim::Text;
  p.x = x;
  p.y = y;
  p.text = std::move(s);
  p.size = size;
  p.fill = c;
  p.hasFill = true;
  p.bold = bold;
  p.middle = middle;
  p.mono = mono;
  return p;
}

Prim line(double x1, double y1, double x2, double y2, Rgb c, double w) {
  Prim p;
  p.kind = Prim::Line;
  p.x = x1;
  p.y = y1;
  p.x2 = x2;
  p.y2 = y2;
  p.stroke = c;
  p.hasStroke = true;
  p.width = w;
  return p;
}

Prim rect(double x, double y, double w, double h, Rgb fill, Rgb stroke, double sw) {
  Prim p;
  p.kind = Prim::Rect;
  p.x = x;
  p.y = y;
  p.x2 = w;
  p.y2 = h;
  p.fill = fill;
  p.hasFill = true;
  p.stroke = stroke;
  p.hasStroke = sw > 0;
  p.width = sw;
  return p;
}

Prim circle(double x, double y, double r, Rgb fill, Rgb stroke, double sw) {
  Prim p;
  p.kind = Prim::Circle;
  p.x = x;
  p.y = y;
  p.r = r;
  p.fill = fill;
  p.hasFill = true;
  p.stroke = stroke;
  p.hasStroke = true;
  p.width = sw;
  return p;
}

// Greedy word wrap at about `width` characters.
std::vector<std::string> wrap(const std::string& s, size_t width) {
  std::vector<std::string> out;
  std::string cur;
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find(' ', b);
    if (e == std::string::npos) e = s.size();
    std::string w = s.substr(b, e - b);
    if (!cur.empty() && cur.size() + 1 + w.size() > width) {
      out.push_back(cur);
      cur.clear();
    }
    cur += (cur.empty() ? "" : " ") + w;
    b = e + 1;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A text's width in px, estimated (DejaVu Sans: about 0.6 em a character; µ and · count as
// one). The scene has no font metrics; the labels keep a margin.
double textWidth(const std::string& t, double size) {
  size_t chars = 0;
  for (unsigned char c : t)
    chars += (c & 0xc0) != 0x80;
  return static_cast<double>(chars) * 0.6 * size;
}

// The largest font size up to `size`, and at least minSize, at which t fits in maxW px; 0 if
// it does not fit even at minSize.
double fitFont(const std::string& t, double maxW, double size, double minSize) {
  double w = textWidth(t, size);
  if (w <= maxW) return size;
  double f = size * maxW / w;
  return f >= minSize ? f : 0;
}

}  // namespace

void SceneContext::add(const Frame& f) {
  for (const HeapSnap& h : f.heaps) {
    size_t& m = maxLen[h.name];
    m = std::max(m, h.t.size());
  }
  if (f.op >= 0) opCount = std::max(opCount, static_cast<size_t>(f.op) + 1);
  frameCount++;
}

std::pair<int, int> SceneContext::canvas() const {
  for (const auto& [name, n] : maxLen) {
    if (n > kSmallHeap) return {kLargeSceneW, kLargeSceneH};
  }
  return {kSceneW, kSceneH};
}

SceneContext sceneContext(const Animation& a) {
  SceneContext c;
  for (const Frame& f : a.frames)
    c.add(f);
  return c;
}

std::vector<Rgb> scenePalette() {
  std::vector<Rgb> cs = {kBg,      kInk,   kMuted,      kLine,     kAccent,
                         kAccent2, kWhite, kTreeStroke, kTimerInk, kCell};
  auto add = [&](Rgb c) {
    if (cs.size() < 256 && std::find(cs.begin(), cs.end(), c) == cs.end()) cs.push_back(c);
  };
  for (const Known& k : kKnownStatuses)
    add(k.c);
  for (Rgb c : kStatusPalette)
    add(c);
  for (int v = 0; v <= 255; v += 17)
    add(Rgb{uint8_t(v), uint8_t(v), uint8_t(v)});  // anti-aliased text on light ground
  for (int r = 0; r < 6; r++) {
    for (int g = 0; g < 6; g++) {
      for (int b = 0; b < 6; b++)
        add(Rgb{uint8_t(r * 51), uint8_t(g * 51), uint8_t(b * 51)});
    }
  }
  return cs;
}

Scene layoutFrame(const Animation& a, const SceneContext& ctx, const Frame& f, size_t fi,
                  const std::string& opText) {
  Scene sc;
  auto& P = sc.prims;
  P.push_back(rect(0, 0, ctx.canvas().first, ctx.canvas().second, kBg, kBg, 0));
  // heading: title and the current operation
  P.push_back(text(20, 32, a.title, 22, kInk, true));
  std::string heading =
      f.op >= 0 ? fmt::format("operation {}/{}: {}", f.op + 1, ctx.opCount, opText) : "";
  if (size_t fit = static_cast<size_t>((ctx.canvas().first - 40) / (0.6 * 16));
      heading.size() > fit) {
    size_t cut = fit - 1;
    while (cut > 0 && (static_cast<unsigned char>(heading[cut]) & 0xc0) == 0x80)
      cut--;  // not inside a UTF-8 sequence (a key's µs)
    heading = heading.substr(0, cut) + "…";
  }
  P.push_back(text(20, 60, heading, 16, kAccent, true, false, true));
  P.push_back(line(0, 72, ctx.canvas().first, 72, kLine, 1));

  auto [W, H] = ctx.canvas();
  sc.w = W;
  sc.h = H;
  double ay = H - 168.0;  // the array's top
  int hk = f.heap >= 0 ? f.heap : (f.heaps.empty() ? -1 : 0);
  if (hk >= 0 && static_cast<size_t>(hk) < f.heaps.size()) {
    const HeapSnap& h = f.heaps[static_cast<size_t>(hk)];
    // laid out for the most timers this heap holds in the animation (stable layout), as the
    // player does (tree_layout.h)
    size_t maxLen = h.t.size();
    if (auto it = ctx.maxLen.find(h.name); it != ctx.maxLen.end())
      maxLen = std::max(maxLen, it->second);
    double top = 104;
    HeapLayout L = heapLayout(maxLen, W, ay - 8 - top, 0);
    double R = L.r;
    P.push_back(text(20, 96,
                     fmt::format("{} ({} timer{})", h.name, h.t.size(), h.t.size() == 1 ? "" : "s"),
                     16, kInk, true, false));
    auto pos = [&](size_t i) {
      return std::pair<double, double>{L.pos[i].first, top + L.pos[i].second};
    };
    for (size_t i = 1; i < h.t.size(); i++) {
      auto [x1, y1] = pos((i - 1) / 4);
      auto [x2, y2] = pos(i);
      P.push_back(line(x1, y1, x2, y2, kLine, 2));
    }
    double nameFont = std::min(14.0, 6 + R * 0.4);
    for (size_t i = 0; i < h.t.size(); i++) {
      const TimerSnap& t = h.t[i];
      auto [x, y] = pos(i);
      bool moving = !f.hi.empty() && f.hi[0] == static_cast<int>(i);
      bool compared = f.hi.size() > 1 && f.hi[1] == static_cast<int>(i);
      Rgb stroke = moving ? kAccent : compared ? kAccent2 : kTreeStroke;
      P.push_back(circle(x, y, R, statusColor(a, t.status), stroke, moving || compared ? 5 : 2));
      std::string key = keyText(t.when, a.unit);
      double kf = std::max(7.0, fitFont(key, 2 * R - 4, std::min(19.0, R * 0.8), 7));
      P.push_back(text(x, y + kf * 0.35, key, kf, kTimerInk, true, true));
      std::string idx = fmt::format("[{}]", i);
      std::string nm = L.compact ? idx + " " + t.name : t.name;
      double nf = std::max(7.0, fitFont(nm, L.room, nameFont, 7));
      P.push_back(text(x, y + R + 15, nm, nf, kInk, false, true));
      // the status and the pending when, or only the latter where the status does not fit
      std::string next = t.nextwhen >= 0 ? "→ " + keyText(t.nextwhen, a.unit) : "";
      std::string st;
      if (!t.status.empty() && t.status != "timerWaiting" && t.status != "heaped")
        st = t.status.rfind("timer", 0) == 0 ? t.status.substr(5) : t.status;
      std::string full = st.empty() ? next : next.empty() ? st : st + " " + next;
      double sf = fitFont(full, L.room, 12, 8);
      if (sf == 0) {
        full = next;
        sf = std::max(7.0, fitFont(next, L.room, 12, 7));
      }
      if (!full.empty() && !L.tight)
        P.push_back(text(x, y + R + 15 + 14, full, sf, kInk, false, true));
      if (!L.compact) P.push_back(text(x, y - R - 5, idx, 12, kMuted, false, true, true));
    }
    // the array
    double cw = std::min(86.0, (W - 40.0) / static_cast<double>(std::max<size_t>(h.t.size(), 1)));
    for (size_t i = 0; i < h.t.size() && 20 + static_cast<double>(i + 1) * cw <= W - 10; i++) {
      const TimerSnap& t = h.t[i];
      bool moving = !f.hi.empty() && f.hi[0] == static_cast<int>(i);
      bool compared = f.hi.size() > 1 && f.hi[1] == static_cast<int>(i);
      double x = 20 + static_cast<double>(i) * cw;
      P.push_back(rect(x, ay, cw, 44, statusColor(a, t.status),
                       moving     ? kAccent
                       : compared ? kAccent2
                                  : kCell,
                       moving || compared ? 4 : 1));
      P.push_back(text(x + cw / 2, ay + 14, fmt::format("{}", i), 11, kMuted, false, true, true));
      // name=key, or the key alone where a cell is too narrow for both (the tree names it)
      std::string cell = fmt::format("{}={}", t.name, keyText(t.when, a.unit));
      double cf = fitFont(cell, cw - 4, cw < 70 ? 11 : 14, 9);
      if (cf == 0) {
        cell = keyText(t.when, a.unit);
        cf = std::max(7.0, fitFont(cell, cw - 4, 11, 7));
      }
      P.push_back(text(x + cw / 2, ay + 35, cell, cf, kInk, true, true, true));
    }
    // index arithmetic
    std::string arith;
    if (f.hi.size() > 1) {
      int p = std::min(f.hi[0], f.hi[1]), c = std::max(f.hi[0], f.hi[1]);
      arith = fmt::format("parent = (i-1)/4 = ({}-1)/4 = {}    children({}) = {}..{}", c, p, p,
                          4 * p + 1, 4 * p + 4);
    } else if (f.hi.size() == 1 && f.hi[0] > 0) {
      arith = fmt::format("parent = (i-1)/4 = ({}-1)/4 = {}", f.hi[0], (f.hi[0] - 1) / 4);
    }
    if (!arith.empty()) P.push_back(text(20, H - 100.0, arith, 16, kInk, false, false, true));
  } else {
    P.push_back(text(W / 2.0, 200, "(no heap yet)", 18, kMuted, false, true));
  }
  // narration
  P.push_back(rect(0, H - 88.0, W, 88, kWhite, kLine, 1));
  auto lines = wrap(f.text, static_cast<size_t>(86 * W / kSceneW));
  for (size_t i = 0; i < lines.size() && i < 3; i++) {
    P.push_back(text(20, H - 60.0 + 24.0 * static_cast<double>(i), lines[i], 18, kInk));
  }
  sc.durationMs = f.kind == "op" ? 1600 : f.kind == "sift" ? 1300 : 1100;
  if (fi + 1 == ctx.frameCount) sc.durationMs = 3000;
  return sc;
}

Scene layoutFrame(const Animation& a, const SceneContext& ctx, size_t i) {
  const Frame& f = a.frames[i];
  bool hasOp = f.op >= 0 && static_cast<size_t>(f.op) < a.ops.size();
  return layoutFrame(a, ctx, f, i, hasOp ? a.ops[static_cast<size_t>(f.op)].text : "");
}

}  // namespace gotimers::heaplab

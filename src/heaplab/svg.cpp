// The animated SVG: every frame's scene as a <g>, shown in turn by SMIL <animate> on
// visibility, looping. It plays by itself where no script runs (an <img>, a README, a slide).
#include <fmt/format.h>

#include "heaplab/scene.h"

namespace gotimers::heaplab {

namespace {

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

void prim(std::string& o, const Prim& p) {
  std::string fill = p.hasFill ? p.fill.hex() : "none";
  std::string stroke =
      p.hasStroke ? fmt::format(" stroke=\"{}\" stroke-width=\"{}\"", p.stroke.hex(), p.width) : "";
  switch (p.kind) {
    case Prim::Line:
      o += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"{}/>", p.x,
                       p.y, p.x2, p.y2, stroke);
      break;
    case Prim::Circle:
      o += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"{}/>", p.x, p.y,
                       p.r, fill, stroke);
      break;
    case Prim::Rect:
      o += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"{}/>", p.x,
          p.y, p.x2, p.y2, fill, stroke);
      break;
    case Prim::Text:
      o += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" fill=\"{}\"{}{}{}>{}</text>", p.x, p.y,
          p.size, fill, p.bold ? " font-weight=\"bold\"" : "",
          p.middle ? " text-anchor=\"middle\"" : "", p.mono ? " class=\"m\"" : "", esc(p.text));
      break;
  }
}

}  // namespace

std::string writeSvg(const Animation& a) {
  std::vector<Scene> scenes;
  int64_t total = 0;
  SceneContext ctx = sceneContext(a);
  for (size_t i = 0; i < a.frames.size(); i++) {
    scenes.push_back(layoutFrame(a, ctx, i));
    total += scenes.back().durationMs;
  }
  std::string o = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n"
      "<title>{2}</title>\n<style>.m{{font-family:'DejaVu Sans Mono',Menlo,monospace}}</style>\n",
      ctx.canvas().first, ctx.canvas().second, esc(a.title));
  int64_t start = 0;
  size_t n = scenes.size();
  for (size_t i = 0; i < n; i++) {
    double s = static_cast<double>(start) / static_cast<double>(total);
    double e = static_cast<double>(start + scenes[i].durationMs) / static_cast<double>(total);
    start += scenes[i].durationMs;
    std::string values, times;
    if (n == 1) {
      values = "visible";
      times = "0";
    } else if (i == 0) {
      values = "visible;hidden";
      times = fmt::format("0;{:.6f}", e);
    } else if (i + 1 == n) {
      values = "hidden;visible";
      times = fmt::format("0;{:.6f}", s);
    } else {
      values = "hidden;visible;hidden";
      times = fmt::format("0;{:.6f};{:.6f}", s, e);
    }
    o += fmt::format(
        "<g id=\"f{}\" visibility=\"{}\"><animate attributeName=\"visibility\" values=\"{}\" "
        "keyTimes=\"{}\" dur=\"{}ms\" calcMode=\"discrete\" repeatCount=\"indefinite\"/>\n",
        i, i == 0 ? "visible" : "hidden", values, times, total);
    for (const Prim& p : scenes[i].prims) {
      prim(o, p);
      o += "\n";
    }
    o += "</g>\n";
  }
  o += "</svg>\n";
  return o;
}

}  // namespace gotimers::heaplab

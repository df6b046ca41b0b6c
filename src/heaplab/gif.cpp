// The animated GIF: each frame's scene rasterised with cairo, mapped to one global
// 256-colour palette (the scene's colours, a grey ramp and a colour cube, nearest colour
// through a 15-bit lookup table) and encoded with giflib, looping.
#include <cairo.h>
#include <fmt/format.h>
#include <gif_lib.h>

#include <array>
#include <cmath>
#include <cstring>
#include <memory>

#include "heaplab/scene.h"

namespace gotimers::heaplab {

namespace {

void draw(cairo_t* cr, const Prim& p) {
  auto set = [&](Rgb c) { cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0); };
  switch (p.kind) {
    case Prim::Line:
      cairo_move_to(cr, p.x, p.y);
      cairo_line_to(cr, p.x2, p.y2);
      set(p.stroke);
      cairo_set_line_width(cr, p.width);
      cairo_stroke(cr);
      break;
    case Prim::Circle:
    case Prim::Rect:
      if (p.kind == Prim::Circle) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, p.x, p.y, p.r, 0, 2 * M_PI);
      } else {
        cairo_rectangle(cr, p.x, p.y, p.x2, p.y2);
      }
      set(p.fill);
      if (p.hasStroke) {
        cairo_fill_preserve(cr);
        set(p.stroke);
        cairo_set_line_width(cr, p.width);
        cairo_stroke(cr);
      } else {
        cairo_fill(cr);
      }
      break;
    case Prim::Text: {
      cairo_select_font_face(cr, p.mono ? "DejaVu Sans Mono" : "DejaVu Sans",
                             CAIRO_FONT_SLANT_NORMAL,
                             p.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size(cr, p.size);
      double x = p.x;
      if (p.middle) {
        cairo_text_extents_t ext;
        cairo_text_extents(cr, p.text.c_str(), &ext);
        x -= ext.x_advance / 2;
      }
      cairo_move_to(cr, x, p.y);
      set(p.fill);
      cairo_show_text(cr, p.text.c_str());
      break;
    }
  }
}

struct Palette {
  std::vector<Rgb> colors;
  std::vector<int16_t> lut = std::vector<int16_t>(32768, -1);

  void add(Rgb c) {
    if (colors.size() >= 256) return;
    for (const Rgb& x : colors) {
      if (x == c) return;
    }
    colors.push_back(c);
  }
  uint8_t index(uint8_t r, uint8_t g, uint8_t b) {
    size_t key = (size_t(r >> 3) << 10) | (size_t(g >> 3) << 5) | size_t(b >> 3);
    if (lut[key] < 0) {
      int best = 0;
      long bestD = -1;
      for (size_t i = 0; i < colors.size(); i++) {
        long dr = long(colors[i].r) - r, dg = long(colors[i].g) - g, db = long(colors[i].b) - b;
        long d = 2 * dr * dr + 4 * dg * dg + db * db;
        if (bestD < 0 || d < bestD) {
          bestD = d;
          best = static_cast<int>(i);
        }
      }
      lut[key] = static_cast<int16_t>(best);
    }
    return static_cast<uint8_t>(lut[key]);
  }
};

int writeToString(GifFileType* gif, const GifByteType* data, int len) {
  static_cast<std::string*>(gif->UserData)
      ->append(reinterpret_cast<const char*>(data), static_cast<size_t>(len));
  return len;
}

}  // namespace

bool writeGif(const Animation& a, std::string* out, std::string* err,
              const std::function<bool()>& cancelled) {
  std::vector<Scene> scenes;
  Palette pal;
  for (size_t i = 0; i < a.frames.size(); i++) {
    if (cancelled && cancelled()) {
      *err = "interrupted";
      return false;
    }
    scenes.push_back(layoutFrame(a, i));
    for (const Prim& p : scenes.back().prims) {
      if (p.hasFill) pal.add(p.fill);
      if (p.hasStroke) pal.add(p.stroke);
    }
  }
  for (int v = 0; v <= 255; v += 17)
    pal.add(Rgb{uint8_t(v), uint8_t(v), uint8_t(v)});  // anti-aliased text on light ground
  for (int r = 0; r < 6; r++) {
    for (int g = 0; g < 6; g++) {
      for (int b = 0; b < 6; b++)
        pal.add(Rgb{uint8_t(r * 51), uint8_t(g * 51), uint8_t(b * 51)});
    }
  }
  while (pal.colors.size() < 256)
    pal.colors.push_back(Rgb{});

  int gifErr = 0;
  out->clear();
  GifFileType* gif = EGifOpen(out, writeToString, &gifErr);
  if (!gif) {
    *err = fmt::format("GIF encoder: {}", GifErrorString(gifErr));
    return false;
  }
  std::vector<GifColorType> cmap(256);
  for (size_t i = 0; i < 256; i++)
    cmap[i] = GifColorType{pal.colors[i].r, pal.colors[i].g, pal.colors[i].b};
  ColorMapObject* map = GifMakeMapObject(256, cmap.data());
  EGifSetGifVersion(gif, true);  // GIF89a: delays and the looping extension
  bool ok = EGifPutScreenDesc(gif, kSceneW, kSceneH, 8, 0, map) == GIF_OK;
  GifFreeMapObject(map);
  // NETSCAPE2.0 application extension: loop forever
  unsigned char app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
  unsigned char loop[] = {1, 0, 0};
  ok = ok && EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
       EGifPutExtensionBlock(gif, sizeof app, app) == GIF_OK &&
       EGifPutExtensionBlock(gif, sizeof loop, loop) == GIF_OK &&
       EGifPutExtensionTrailer(gif) == GIF_OK;

  cairo_surface_t* surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, kSceneW, kSceneH);
  std::vector<GifPixelType> row(kSceneW);
  for (size_t fi = 0; ok && fi < scenes.size(); fi++) {
    if (cancelled && cancelled()) {
      *err = "interrupted";
      ok = false;
      break;
    }
    cairo_t* cr = cairo_create(surf);
    for (const Prim& p : scenes[fi].prims)
      draw(cr, p);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.DelayTime = scenes[fi].durationMs / 10;
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType ext[4];
    EGifGCBToExtension(&gcb, ext);
    ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, ext) == GIF_OK &&
         EGifPutImageDesc(gif, 0, 0, kSceneW, kSceneH, false, nullptr) == GIF_OK;
    const unsigned char* px = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    for (int y = 0; ok && y < kSceneH; y++) {
      const auto* p = reinterpret_cast<const uint32_t*>(px + static_cast<ptrdiff_t>(y) * stride);
      for (int x = 0; x < kSceneW; x++) {
        uint32_t v = p[x];
        row[static_cast<size_t>(x)] = pal.index((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
      }
      ok = EGifPutLine(gif, row.data(), kSceneW) == GIF_OK;
    }
  }
  cairo_surface_destroy(surf);
  int closeErr = 0;
  if (EGifCloseFile(gif, &closeErr) != GIF_OK) ok = false;
  if (!ok) {
    if (err->empty()) *err = "GIF encoder failed";
    return false;
  }
  return true;
}

}  // namespace gotimers::heaplab

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

// The palette and a 15-bit lookup table from a pixel to its nearest palette colour.
struct Palette {
  std::vector<Rgb> colors;
  std::vector<int16_t> lut = std::vector<int16_t>(32768, -1);

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

int writeToSink(GifFileType* gif, const GifByteType* data, int len) {
  (*static_cast<GifStream::Sink*>(gif->UserData))(
      std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(len)));
  return len;
}

}  // namespace

// Invariant: gif is open from construction until close(); ok is false once the encoder
// failed (nothing more is written).
struct GifStream::Impl {
  Sink sink;
  Palette pal;
  GifFileType* gif = nullptr;
  cairo_surface_t* surf = nullptr;
  int w = kSceneW, h = kSceneH;
  std::vector<GifPixelType> row;
  bool ok = true;
  std::string err;
};

GifStream::GifStream(Sink sink, int w, int h) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.sink = std::move(sink);
  m.w = w;
  m.h = h;
  m.row.resize(static_cast<size_t>(w));
  m.pal.colors = scenePalette();
  while (m.pal.colors.size() < 256)
    m.pal.colors.push_back(Rgb{});
  int gifErr = 0;
  m.gif = EGifOpen(&m.sink, writeToSink, &gifErr);
  if (!m.gif) {
    m.ok = false;
    m.err = fmt::format("GIF encoder: {}", GifErrorString(gifErr));
    return;
  }
  std::vector<GifColorType> cmap(256);
  for (size_t i = 0; i < 256; i++)
    cmap[i] = GifColorType{m.pal.colors[i].r, m.pal.colors[i].g, m.pal.colors[i].b};
  ColorMapObject* map = GifMakeMapObject(256, cmap.data());
  EGifSetGifVersion(m.gif, true);  // GIF89a: delays and the looping extension
  m.ok = EGifPutScreenDesc(m.gif, w, h, 8, 0, map) == GIF_OK;
  GifFreeMapObject(map);
  // NETSCAPE2.0 application extension: loop forever
  unsigned char app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
  unsigned char loop[] = {1, 0, 0};
  m.ok = m.ok && EGifPutExtensionLeader(m.gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
         EGifPutExtensionBlock(m.gif, sizeof app, app) == GIF_OK &&
         EGifPutExtensionBlock(m.gif, sizeof loop, loop) == GIF_OK &&
         EGifPutExtensionTrailer(m.gif) == GIF_OK;
  m.surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
}

GifStream::~GifStream() {
  std::string ignored;
  close(&ignored);
}

bool GifStream::frame(const Scene& s, std::string* err) {
  Impl& m = *impl_;
  if (!m.ok || !m.gif) {
    *err = m.err.empty() ? "GIF encoder failed" : m.err;
    return false;
  }
  if (s.w != m.w || s.h != m.h) {
    *err = fmt::format("GIF encoder: a {}x{} frame on a {}x{} canvas", s.w, s.h, m.w, m.h);
    return false;
  }
  cairo_t* cr = cairo_create(m.surf);
  for (const Prim& p : s.prims)
    draw(cr, p);
  cairo_destroy(cr);
  cairo_surface_flush(m.surf);
  GraphicsControlBlock gcb{};
  gcb.DisposalMode = DISPOSE_DO_NOT;
  gcb.DelayTime = s.durationMs / 10;
  gcb.TransparentColor = NO_TRANSPARENT_COLOR;
  GifByteType ext[4];
  EGifGCBToExtension(&gcb, ext);
  m.ok = EGifPutExtension(m.gif, GRAPHICS_EXT_FUNC_CODE, 4, ext) == GIF_OK &&
         EGifPutImageDesc(m.gif, 0, 0, m.w, m.h, false, nullptr) == GIF_OK;
  const unsigned char* px = cairo_image_surface_get_data(m.surf);
  int stride = cairo_image_surface_get_stride(m.surf);
  for (int y = 0; m.ok && y < m.h; y++) {
    const auto* p = reinterpret_cast<const uint32_t*>(px + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < m.w; x++) {
      uint32_t v = p[x];
      m.row[static_cast<size_t>(x)] = m.pal.index((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    }
    m.ok = EGifPutLine(m.gif, m.row.data(), m.w) == GIF_OK;
  }
  if (!m.ok) *err = "GIF encoder failed";
  return m.ok;
}

bool GifStream::close(std::string* err) {
  Impl& m = *impl_;
  if (m.surf) {
    cairo_surface_destroy(m.surf);
    m.surf = nullptr;
  }
  if (m.gif) {
    int closeErr = 0;
    if (EGifCloseFile(m.gif, &closeErr) != GIF_OK) m.ok = false;
    m.gif = nullptr;
  }
  if (!m.ok) *err = m.err.empty() ? "GIF encoder failed" : m.err;
  return m.ok;
}

bool writeGif(const Animation& a, std::string* out, std::string* err,
              const std::function<bool()>& cancelled) {
  out->clear();
  SceneContext ctx = sceneContext(a);
  auto [w, h] = ctx.canvas();
  GifStream gs([out](std::string_view d) { out->append(d); }, w, h);
  for (size_t i = 0; i < a.frames.size(); i++) {
    if (cancelled && cancelled()) {
      *err = "interrupted";
      return false;
    }
    if (!gs.frame(layoutFrame(a, ctx, i), err)) return false;
  }
  return gs.close(err);
}

}  // namespace gotimers::heaplab

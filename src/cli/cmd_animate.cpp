// gotimers animate: the teaching animations. From the heap lab (--ops) or from a scenario
// run (SCENARIO --heap P1), written as one self-contained HTML player, an animated SVG, a
// GIF, or the animation's JSON, by the extension of -o.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/scenario_input.h"
#include "eras/go1_14/go1_14.h"
#include "eras/registry.h"
#include "heaplab/gocode.h"
#include "heaplab/lab.h"
#include "heaplab/run_animation.h"
#include "heaplab/scene.h"
#include "heaplab/side_by_side.h"
#include "io/atomic_file.h"

namespace gotimers::cli {

// The player template, embedded at build time (cmake/embed_player.cmake).
extern const bool kPlayerBuilt;
extern const std::string_view kPlayerTemplate;

namespace {

struct AnimateArgs {
  ScenarioArgs scenario;
  std::string era = "go1.9";
  std::string ops;
  std::string heap;
  std::string out;
  size_t maxFrames = 600;
};

bool endsWith(const std::string& s, const std::string& suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

// Whether any frame shows a heap (with --heap, frames of locks, fires and operations are
// kept too; without a heap frame the name matched no heap of the run).
bool showsHeap(const heaplab::Frame& f) {
  return f.heap >= 0;
}

// "--heap P99: no heap event on that heap in this run (go1.9 has one heap, timers)".
int noHeapEvents(const AnimateArgs& a) {
  const eras::EraInfo* info = eras::findEra(a.era);
  int minor = info ? info->goMinor : 14;
  std::string names = minor <= 9    ? "go1.9 has one heap, timers"
                      : minor <= 13 ? "go1.13 has bucket 0 to bucket 63"
                                    : "go1.14 and later have one heap per P: P0, P1, ...";
  return badInput(fmt::format("--heap {}: no heap event{} in this run ({})", a.heap,
                              a.heap.empty() ? "" : " on that heap", names));
}

// The frames the in-memory writers (HTML, SVG, JSON) may hold: they need every frame at
// once; a GIF is streamed instead and has no such bound.
constexpr size_t kMaxAnimationBytes = size_t{512} << 20;

// The animation of a scenario run: frames of every heap event (of --heap only, if given).
// onFrame set: the frames are handed to it as they come and not kept (a streamed GIF).
std::optional<heaplab::Animation> scenarioAnimation(
    const AnimateArgs& a,
    std::function<void(const heaplab::Frame&, const std::string&)> onFrame = {}) {
  int status = 0;
  auto in = loadInput(a.scenario, {}, false, &status);
  if (!in) return std::nullopt;
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.scenario, &opts)) return std::nullopt;
  opts.era = a.era;
  heaplab::RunAnimationOptions ro;
  ro.name = in->scenario.name;
  ro.era = a.era;
  ro.heap = a.heap;
  ro.maxFrames = a.maxFrames;
  ro.maxBytes = kMaxAnimationBytes;
  ro.onFrame = std::move(onFrame);
  heaplab::RunAnimation ra = heaplab::animateRun(ro, [&](trace::Sink* sink) {
    opts.sink = sink;
    metrics::runInput(*in, opts);
  });
  if (ra.truncated && ra.frames < a.maxFrames) {
    std::cerr << fmt::format(
        "gotimers: animate: the frames reached {} MiB at frame {}, and {} holds every frame: "
        "pick one heap with --heap, or write a .gif (encoded as the run goes)\n",
        kMaxAnimationBytes >> 20, ra.frames, a.out);
  }
  return std::move(ra.anim);
}

// A scenario run's GIF, encoded frame by frame into OUT.tmp: memory is one frame and the
// encoder, whatever --max-frames is. The layout needs two things of the whole animation
// (each heap's largest size, the number of operations and frames): a first run counts them,
// and the second, the same deterministic run, draws and encodes each frame as it comes.
int streamScenarioGif(const AnimateArgs& a) {
  heaplab::SceneContext ctx;
  bool heapFrames = false;
  auto first = scenarioAnimation(a, [&](const heaplab::Frame& f, const std::string&) {
    ctx.add(f);
    heapFrames = heapFrames || showsHeap(f);
  });
  if (!first) return 2;
  if (interrupted()) {
    std::cerr << fmt::format("gotimers: animate interrupted: {} was not written\n", a.out);
    return 130;
  }
  if (!heapFrames) return noHeapEvents(a);
  io::AtomicWriter out;
  std::string err;
  if (!out.open(a.out, &err)) return badInput(err);
  // title (with its "(first N frames)"), era, statuses: the same in both runs
  heaplab::Animation meta = std::move(*first);
  auto [gifW, gifH] = ctx.canvas();
  heaplab::GifStream gif([&out](std::string_view d) { out.write(d); }, gifW, gifH);
  size_t fi = 0;
  std::string gifErr;
  auto second = scenarioAnimation(a, [&](const heaplab::Frame& f, const std::string& opText) {
    if (!gifErr.empty() || interrupted()) return;  // the run stops at its next event
    gif.frame(heaplab::layoutFrame(meta, ctx, f, fi++, opText), &gifErr);
  });
  if (!second) return 2;
  if (interrupted()) {
    out.abandon();
    std::cerr << fmt::format("gotimers: animate interrupted: {} was not written\n", a.out);
    return 130;
  }
  if (gifErr.empty() && fi != ctx.frameCount) {
    gifErr = fmt::format("the second run gave {} frames, the first {}", fi, ctx.frameCount);
  }
  if (!gifErr.empty() || !gif.close(&gifErr)) return badInput("-o " + a.out + ": " + gifErr);
  if (!out.commit(&err)) return badInput(err);
  std::cout << fmt::format("wrote {} ({} frames, {} operations)\n", a.out, ctx.frameCount,
                           ctx.opCount);
  return 0;
}

// `--era go1.9,go1.14 --ops ...`: the same operations on each era, side by side and in step
// (heaplab::SideBySide), as an .html player or .json.
int animateSides(const AnimateArgs& a, bool html) {
  std::string err;
  std::vector<std::string> eras = heaplab::parseEraList(a.era, &err);
  if (eras.empty()) return badInput(fmt::format("--era {}: {}", a.era, err));
  if (a.ops.empty()) {
    return badInput(fmt::format(
        "--era {}: side by side needs --ops (the heap lab); a scenario runs one era at a time",
        a.era));
  }
  heaplab::ParseResult parsed = heaplab::parseOps(a.ops);
  if (parsed.error) return badInput("--ops: " + parsed.error->format());
  std::vector<heaplab::Animation> sides;
  for (const std::string& e : eras) {
    heaplab::LabOutcome out = heaplab::runLab(parsed.ops, e, a.scenario.procs);
    if (out.error) return badInput(fmt::format("--ops (on {}): {}", e, out.error->format()));
    sides.push_back(std::move(out.result->anim));
  }
  heaplab::SideBySide sbs = heaplab::alignSides(std::move(sides));
  std::string content =
      html ? heaplab::fillPlayer(kPlayerTemplate, sbs) : heaplab::toJson(sbs).dump(1) + "\n";
  if (!io::writeFileAtomic(a.out, content, &err)) return badInput(err);
  std::cout << fmt::format("wrote {} ({} eras side by side, {} steps, {} operations)\n", a.out,
                           eras.size(), sbs.steps.size(), parsed.ops.size());
  return 0;
}

int animate(const AnimateArgs& a) {
  if (a.era.find(',') != std::string::npos) {
    bool html = endsWith(a.out, ".html") || endsWith(a.out, ".htm");
    if (!html && !endsWith(a.out, ".json")) {
      return badInput(fmt::format(
          "-o {}: eras side by side are written as .html or .json (a .svg or .gif shows one era)",
          a.out));
    }
    if (html && !kPlayerBuilt) {
      return badInput(
          "-o " + a.out +
          ": this gotimers was built without the player (run scripts/build-viz.sh, then build)");
    }
    return animateSides(a, html);
  }
  if (!eras::findEra(a.era)) {
    return badInput(fmt::format("--era {}: unknown era '{}' (expected one of: {})", a.era, a.era,
                                eras::eraNames()));
  }
  enum { Html, Svg, Gif, Json } fmt = Html;
  if (endsWith(a.out, ".html") || endsWith(a.out, ".htm")) {
    fmt = Html;
  } else if (endsWith(a.out, ".svg")) {
    fmt = Svg;
  } else if (endsWith(a.out, ".gif")) {
    fmt = Gif;
  } else if (endsWith(a.out, ".json")) {
    fmt = Json;
  } else {
    return badInput(
        fmt::format("-o {}: expected a file ending in .html, .svg, .gif or .json", a.out));
  }
  if (fmt == Html && !kPlayerBuilt) {
    return badInput(
        "-o " + a.out +
        ": this gotimers was built without the player (run scripts/build-viz.sh, then build)");
  }
  if (a.scenario.scenario.empty() == a.ops.empty()) {
    return badInput("animate: give either --ops \"...\" (the heap lab) or a SCENARIO");
  }
  heaplab::Animation an;
  if (!a.ops.empty()) {
    if (!a.heap.empty()) return badInput("--heap: only with a SCENARIO (the lab has one heap)");
    heaplab::ParseResult parsed = heaplab::parseOps(a.ops);
    if (parsed.error) return badInput("--ops: " + parsed.error->format());
    heaplab::LabOutcome out = heaplab::runLab(parsed.ops, a.era, a.scenario.procs);
    if (out.error) return badInput("--ops: " + out.error->format());
    an = std::move(out.result->anim);
  } else if (fmt == Gif) {
    return streamScenarioGif(a);
  } else {
    auto sa = scenarioAnimation(a);
    if (!sa) return 2;
    if (interrupted()) {
      std::cerr << fmt::format("gotimers: animate interrupted: {} was not written\n", a.out);
      return 130;
    }
    an = std::move(*sa);
    if (std::none_of(an.frames.begin(), an.frames.end(), showsHeap)) return noHeapEvents(a);
  }
  std::string content, err;
  switch (fmt) {
    case Html:
      content = heaplab::fillPlayer(kPlayerTemplate, an);
      break;
    case Svg:
      content = heaplab::writeSvg(an);
      break;
    case Json:
      content = heaplab::toJson(an).dump(1) + "\n";
      break;
    case Gif:
      if (!heaplab::writeGif(an, &content, &err, [] { return interrupted(); })) {
        if (interrupted()) break;  // reported below, exit 130
        return badInput("-o " + a.out + ": " + err);
      }
      break;
  }
  if (interrupted()) {  // Ctrl-C while the frames were drawn or encoded
    std::cerr << fmt::format("gotimers: animate interrupted: {} was not written\n", a.out);
    return 130;
  }
  if (!io::writeFileAtomic(a.out, content, &err)) return badInput(err);
  std::cout << fmt::format("wrote {} ({} frames, {} operations)\n", a.out, an.frames.size(),
                           an.ops.size());
  return 0;
}

}  // namespace

void addAnimateCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<AnimateArgs>();
  auto* c = app.add_subcommand(
      "animate", "Teaching animation of a timer heap: HTML player, animated SVG or GIF");
  c->footer(
      "Examples:\n"
      "  gotimers animate --era go1.9 --ops \"add a=20 b=48 c=10 d=37; del b; pop\" -o heap.html\n"
      "  gotimers animate --era go1.14 --ops \"add a=5 b=9; del a; add c=7\" -o heap.gif\n"
      "  gotimers animate timer-basics --era go1.14 --heap P0 -o run.html\n"
      "  gotimers animate --era go1.9,go1.14 --ops \"add a=5 b=9 c=7; del a\" -o two.html\n"
      "The output format follows -o: .html (self-contained player), .svg (plays in an <img>),\n"
      ".gif, or .json (the frames). The heap lab also runs in a web page, where operations are\n"
      "typed: scripts/build-site.sh builds it (docs/heap-lab.md, \"The lab in the browser\").");
  c->add_option("scenario", args->scenario.scenario,
                "Scenario file or shipped scenario name (instead of --ops)");
  c->add_option(
       "--era", args->era,
       "Era: " + eras::eraNames() + "; with --ops, 2 to 4 of them comma-separated: side by side")
      ->capture_default_str();
  c->add_option("--ops", args->ops,
                "Heap lab operations: add NAME=WHEN ...; del NAME; reset NAME=WHEN; pop; run NOW");
  c->add_option("--heap", args->heap, "Scenario runs: only this heap (timers, bucket 3, P1)");
  c->add_option("-o,--output", args->out, "Output file (.html, .svg, .gif, .json)")->required();
  c->add_option("--max-frames", args->maxFrames, "Scenario runs: at most this many frames")
      ->check(CLI::Range(1, 100000));
  c->add_option("--procs", args->scenario.procs,
                "GOMAXPROCS (default: the scenario's; with --ops, enough for every @Pk)")
      ->check(CLI::Range(1, 256));
  c->add_option("--seed", args->scenario.seed, "Seed");
  c->add_option("--set", args->scenario.sets, "Override a scenario parameter: NAME=VALUE");
  c->callback([args, &st] {
    // Nothing may escape as an uncaught exception: a failure of the simulated runtime (a
    // Go throw in an era, an abnormal end of the lab program) is reported, exit status 2.
    try {
      st.exit = animate(*args);
    } catch (const std::exception& e) {
      st.exit = badInput(
          fmt::format("animate --era {}: the simulated runtime failed: {}", args->era, e.what()));
    }
  });
}

}  // namespace gotimers::cli

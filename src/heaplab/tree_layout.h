// Where the SVG and the GIF draw each slot of a 4-ary timer heap: the player's layout
// (viz/src/layout.js, which runs d3-hierarchy's tidy tree) computed the same way in C++, so
// that the page, the animated SVG and the GIF show one picture. tidyX is d3.tree()'s
// Reingold-Tilford layout as Buchheim et al. made it linear, ported from d3-hierarchy 3.1
// (src/tree.js, ISC licence), for the heap's index tree (children of slot i: 4i+1 ... 4i+4,
// as siftupTimer/siftdownTimer) with the player's separation (1 between siblings, 1.25
// otherwise). heapLayout then fits it in a box as layout.js does. A test holds both to one
// table of positions (tests/golden/viz/heap-layouts.json, written by d3).
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace gotimers::heaplab {

// The tidy tree's x of each of n slots, in units of one sibling gap (d3.tree().nodeSize([1,1])).
std::vector<double> tidyX(size_t n);

// Invariant: no two slots' boxes (circle and labels, `room` px wide) overlap; a level too
// crowded for kLabelRoom px a label drops a node too close to its left neighbour to a second
// row of the level.
struct HeapLayout {
  std::vector<std::pair<double, double>> pos;  // slot centres, px from the box's top left
  double r = 0;                                // circle radius
  double room = 0;                             // px of width a label may take
  bool compact = false;                        // the index goes on the name's line
  bool tight = false;  // no status line under the name (a box too short for it)
};

inline constexpr double kLabelRoom = 66;

// n slots in a box w x h (top: px above for the heap's name; scale: of the largest circle
// and the type).
HeapLayout heapLayout(size_t n, double w, double h, double top = 26, double scale = 1);

}  // namespace gotimers::heaplab

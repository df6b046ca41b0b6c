// The compiler bug that once dictated how goroutine bodies were written: GCC 12 destroys
// some temporaries of a co_await expression twice. A capturing lambda passed by value in
// `co_await f([p] {...})` has its capture destroyed once more than it was made, and a
// std::function chosen by a conditional inside co_await is freed twice. gotimers builds
// with Clang (CMakeLists.txt) and writes co_await as Go writes a receive; these cases
// fail on a compiler with the bug, whatever the project's own code does.
#include <doctest/doctest.h>

#include <coroutine>
#include <exception>
#include <functional>
#include <utility>

namespace {

// Counts every object made (constructors, copies and moves) and every one destroyed.
struct Counted {
  static inline int made = 0;
  static inline int destroyed = 0;
  int v = 7;
  Counted() { made++; }
  Counted(const Counted& o) : v(o.v) { made++; }
  Counted(Counted&& o) noexcept : v(o.v) { made++; }
  Counted& operator=(const Counted&) = default;
  ~Counted() { destroyed++; }
  static void reset() { made = destroyed = 0; }
};

// A coroutine that runs eagerly to its end.
struct Eager {
  struct promise_type {
    Eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// An awaitable holding a callable, as a goroutine's Task holds its body: it goes through
// await_suspend (and resumes at once) so the full suspension path is compiled.
template <class F>
struct Call {
  F f;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) noexcept { return false; }
  int await_resume() { return f(); }
};
template <class F>
Call<F> call(F f) {
  return Call<F>{std::move(f)};
}

Eager lambdaTemporary(int* out) {
  Counted c;
  *out = co_await call([c] { return c.v; });
}

Eager conditionalFunction(bool pick, int* out) {
  Counted a;
  Counted b;
  *out = co_await call(pick ? std::function<int()>([a] { return a.v; })
                            : std::function<int()>([b] { return b.v + 1; }));
}

}  // namespace

TEST_CASE("co_await: a capturing lambda temporary is destroyed exactly once") {
  Counted::reset();
  int got = 0;
  lambdaTemporary(&got);
  CHECK(got == 7);
  CHECK(Counted::made == Counted::destroyed);
}

TEST_CASE("co_await: a std::function made by a conditional is destroyed exactly once") {
  for (bool pick : {true, false}) {
    Counted::reset();
    int got = 0;
    conditionalFunction(pick, &got);
    CHECK(got == (pick ? 7 : 8));
    CHECK(Counted::made == Counted::destroyed);
  }
}

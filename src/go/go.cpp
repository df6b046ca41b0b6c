#include "go/go.h"

namespace gotimers::go {

Sync<void> Go(Task<void> body, std::string label) {
  RT().newproc(std::move(body), std::move(label));
  return {};
}

void Panic(const std::string& msg) {
  throw rt::GoPanic(msg);
}

Sync<void> Println(const std::string& line) {
  RT().print(line);
  return {};
}

Task<int> Select(std::vector<Case> cases, bool hasDefault) {
  std::vector<rt::scase> sc;
  sc.reserve(cases.size());
  for (auto& k : cases)
    sc.push_back(k.sc);
  int i = co_await rt::selectgo(RT(), sc, !hasDefault);
  if (i >= 0 && !sc[i].isSend && cases[i].onRecv) cases[i].onRecv(sc[i].recvv, sc[i].recvOk);
  co_return i;
}

Sync<void> WaitGroup::Add(int64_t delta) {
  n_ += delta;
  if (n_ < 0) Panic("sync: negative WaitGroup counter");
  if (n_ == 0) {
    auto ws = std::move(waiters_);
    waiters_.clear();
    for (rt::g* gp : ws)
      RT().goready(gp);
  }
  return {};
}

Task<void> WaitGroup::Wait() {
  if (n_ == 0) co_return;
  waiters_.push_back(RT().curg());
  co_await RT().gopark(nullptr, "semacquire");
}

}  // namespace gotimers::go

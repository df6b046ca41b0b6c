#include "runtime/cost_model.h"

namespace gotimers::rt {

std::vector<std::pair<std::string, int64_t>> CostModel::values() const {
  CostModel copy = *this;
  std::vector<std::pair<std::string, int64_t>> out;
  for (auto& [name, v] : copy.fields())
    out.emplace_back(name, *v);
  return out;
}

std::vector<std::pair<std::string, int64_t*>> CostModel::fields() {
  return {
      {"lock_cas", &lock_cas},
      {"cacheline_transfer", &cacheline_transfer},
      {"procyield_round", &procyield_round},
      {"osyield", &osyield},
      {"futex_sleep", &futex_sleep},
      {"futex_wake", &futex_wake},
      {"wake_latency", &wake_latency},
      {"timer_slack", &timer_slack},
      {"context_switch", &context_switch},
      {"thread_create", &thread_create},
      {"gogo", &gogo},
      {"gopark", &gopark},
      {"goready", &goready},
      {"newproc", &newproc},
      {"runq_steal", &runq_steal},
      {"schedule", &schedule},
      {"timer_op", &timer_op},
      {"sift_step", &sift_step},
      {"timer_alloc", &timer_alloc},
      {"call_f", &call_f},
      {"chan_op", &chan_op},
      {"netpoll_break", &netpoll_break},
      {"user_op", &user_op},
      {"stop_the_world", &stop_the_world},
      {"cpu_threads", &cpu_threads},
      {"smt_slowdown_pct", &smt_slowdown_pct},
      {"user_instr", &user_instr},
      {"time_now", &time_now},
      {"nanotime", &nanotime},
      {"noise_pct", &noise_pct},
      {"atomic_op", &atomic_op},
      {"heap_visit", &heap_visit},
  };
}

CostModel::Range CostModel::range(const std::string& field) {
  if (field == "cpu_threads") return {1, 4096, "hardware threads"};
  if (field == "smt_slowdown_pct") return {0, 1000, "percent"};
  if (field == "noise_pct") return {0, 100, "percent"};
  return {};
}

}  // namespace gotimers::rt

// Intrusive reference counting: the simulator's model of Go's garbage collector.
//
// Invariant: an object lives while some Ref points at it. The runtime holds a Ref for every
// timer in a heap, a timer holds one on its argument (the channel sendTime writes to), user
// handles hold the rest; when the last goes, the object is freed, as Go's GC would collect it.
#pragma once
#include <cstdint>
#include <utility>

namespace gotimers::rt {

class RefCounted {
 public:
  RefCounted() = default;
  RefCounted(const RefCounted&) = delete;
  RefCounted& operator=(const RefCounted&) = delete;
  virtual ~RefCounted() = default;
  void retain() { refs_++; }
  void release() {
    if (--refs_ == 0) delete this;
  }
  uint32_t refs() const { return refs_; }

 private:
  uint32_t refs_ = 0;
};

template <typename T>
class Ref {
 public:
  Ref() = default;
  Ref(T* p) : p_(p) {  // NOLINT(google-explicit-constructor): a Ref is a pointer
    if (p_) p_->retain();
  }
  Ref(const Ref& o) : Ref(o.p_) {}
  Ref(Ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  template <typename U>
  Ref(const Ref<U>& o) : Ref(o.get()) {}  // NOLINT(google-explicit-constructor)
  Ref& operator=(Ref o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~Ref() {
    if (p_) p_->release();
  }
  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  bool operator==(const Ref& o) const { return p_ == o.p_; }

 private:
  T* p_ = nullptr;
};

}  // namespace gotimers::rt

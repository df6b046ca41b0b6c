#include "runtime/timer_kind.h"

namespace gotimers::rt {

const char* timerKindName(TimerKind k) {
  switch (k) {
    case TimerKind::Chan:
      return "NewTimer/After";
    case TimerKind::Func:
      return "AfterFunc";
    case TimerKind::Ticker:
      return "Ticker";
    case TimerKind::Sleep:
      return "Sleep";
    case TimerKind::Other:
      break;
  }
  return "other";
}

}  // namespace gotimers::rt

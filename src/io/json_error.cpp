#include "io/json_error.h"

namespace gotimers::io {

std::string boundedJsonError(const std::string& what) {
  // the parse errors' "last read: '...'", the out_of_range errors' "parsing '...'"
  size_t start = std::string::npos;
  for (const std::string key : {"last read: '", "parsing '"}) {
    if (size_t open = what.find(key); open != std::string::npos) {
      start = open + key.size();
      break;
    }
  }
  if (start == std::string::npos) return what;
  size_t close = what.rfind('\'');
  if (close == std::string::npos || close < start || close - start <= kMaxExcerpt) return what;
  size_t cut = close - kMaxExcerpt;
  // not inside a UTF-8 sequence (continuation bytes 10xxxxxx) nor a <U+XXXX> escape
  while (cut < close && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80)
    cut++;
  if (size_t lt = what.rfind('<', cut); lt != std::string::npos && lt >= start) {
    size_t gt = what.find('>', lt);
    if (gt != std::string::npos && gt >= cut && gt < close) cut = gt + 1;
  }
  return what.substr(0, start) + "..." + what.substr(cut);
}

}  // namespace gotimers::io

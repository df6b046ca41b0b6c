// LeakSanitizer's built-in suppressions for the asan preset (linked into gotimers and
// gotimers_tests only when GOTIMERS_SANITIZE is on). fontconfig, which cairo's text API
// loads to draw the heap lab's GIF frames, keeps its configuration and font caches until
// the process exits by design (they are freed only by FcFini, which cairo never calls);
// LSan reports them as leaks. Nothing of gotimers' own is suppressed.
extern "C" const char* __lsan_default_suppressions();  // NOLINT(bugprone-reserved-identifier)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n";
}

#include "program/gofront.h"

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

extern char** environ;

namespace gotimers::program {

FrontendResult runFrontend(const std::string& gofront, const std::string& path) {
  FrontendResult r;
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) {
    r.status = 127;
    r.errors = std::string("gotimers: pipe: ") + std::strerror(errno) + "\n";
    return r;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  std::string a0 = gofront, a1 = path;
  char* argv[] = {a0.data(), a1.data(), nullptr};
  pid_t pid;
  int rc = posix_spawn(&pid, gofront.c_str(), &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    r.status = 127;
    r.errors = "gotimers: cannot run the Go front end " + gofront + ": " + std::strerror(rc) + "\n";
    return r;
  }
  // read both pipes until both close (poll, so that neither fills up and blocks gofront)
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* dst[2] = {&r.ir, &r.errors};
  int open = 2;
  char buf[65536];
  while (open > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; i++) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        dst[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        open--;
      }
    }
  }
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 3;
  return r;
}

bool isGoProgramPath(const std::string& arg) {
  std::error_code ec;
  if (arg.size() > 3 && arg.ends_with(".go")) return true;
  return std::filesystem::is_directory(arg, ec);
}

}  // namespace gotimers::program

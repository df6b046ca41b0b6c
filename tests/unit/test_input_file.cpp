// io::regularFileProblem / readRegularFile: every reader refuses what is not a regular file
// by kind, without opening it (a FIFO would block the reader forever).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "harness.h"
#include "io/input_file.h"

using gotimers::io::readRegularFile;
using gotimers::io::regularFileProblem;

TEST_CASE("input files: a regular file is read whole; others are refused by kind") {
  gotimers::testing::TempDir dir("input_file");
  std::string file = dir.file("in.json", "{\"a\": 1}\n");
  std::string text, why;
  CHECK(regularFileProblem(file) == "");
  REQUIRE(readRegularFile(file, &text, &why));
  CHECK(text == "{\"a\": 1}\n");

  CHECK(regularFileProblem(dir.dir.string()) == "is a directory (expected a regular file)");
  CHECK(regularFileProblem(dir.file("none")) == "no such file");
  CHECK(regularFileProblem("/dev/zero") == "is a character device (expected a regular file)");
  std::string fifo = dir.file("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(regularFileProblem(fifo) == "is a FIFO (expected a regular file)");
  CHECK_FALSE(readRegularFile(fifo, &text, &why));  // returns at once: never opened
  CHECK(why == "is a FIFO (expected a regular file)");

  CHECK_FALSE(readRegularFile(file, &text, &why, /*maxBytes=*/4));
  CHECK(why == "is 9 bytes, more than the 4 bytes an input file may have");
}

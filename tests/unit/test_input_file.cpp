// io::regularFileProblem / readRegularFile: every reader refuses what is not a regular file
// by kind, without opening it (a FIFO would block the reader forever).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "harness.h"
#include "io/input_file.h"
#include "io/json_error.h"

using gotimers::io::readRegularFile;
using gotimers::io::regularFileProblem;
namespace io = gotimers::io;

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

TEST_CASE("boundedJsonError: the parser's excerpt keeps its last 64 bytes") {
  std::string huge(100000, 'x');
  std::string what =
      "[json.exception.parse_error.101] parse error at line 1, column 100001: "
      "syntax error while parsing value - invalid literal; last read: '" +
      huge + "'";
  std::string got = io::boundedJsonError(what);
  CHECK(got.size() < 300);
  CHECK(got.find("last read: '..." + std::string(io::kMaxExcerpt, 'x') + "'") != std::string::npos);
  // a short excerpt, and a message without one, are left alone
  std::string shortOne = "parse error; last read: 'tru'";
  CHECK(io::boundedJsonError(shortOne) == shortOne);
  CHECK(io::boundedJsonError("unexpected end of input") == "unexpected end of input");
  // never inside one of the parser's <U+XXXX> escapes or a UTF-8 sequence
  std::string esc;
  for (int i = 0; i < 40; i++)
    esc += "<U+000A>é";
  std::string cut = io::boundedJsonError("x; last read: '" + esc + "'");
  std::string excerpt = cut.substr(cut.find("...") + 3);
  CHECK((excerpt.starts_with("<U+000A>") || excerpt.starts_with("é")));
  CHECK(excerpt.size() <= io::kMaxExcerpt + 1);
}

TEST_CASE("boundedJsonError: a number overflow's excerpt too") {
  std::string what =
      "[json.exception.out_of_range.406] number overflow parsing '" + std::string(5000, '1') + "'";
  std::string got = io::boundedJsonError(what);
  CHECK(got == "[json.exception.out_of_range.406] number overflow parsing '..." +
                   std::string(io::kMaxExcerpt, '1') + "'");
}

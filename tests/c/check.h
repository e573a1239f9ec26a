/*
 * check.h — the C tests' one assertion macro. CHECK(cond, fmt, ...) counts
 * the check in `checks`; when cond is false it counts a failure in
 * `failures` and prints "FAIL file:line: <message>" to stderr (only the first
 * CHECK_MAX_PRINTED failures when a test defines that before including this
 * header). A test's main reports the counts and returns failures != 0.
 */
#ifndef GL_TEST_CHECK_H
#define GL_TEST_CHECK_H

#include <limits.h>
#include <stdio.h>

#ifndef CHECK_MAX_PRINTED
#define CHECK_MAX_PRINTED LONG_MAX
#endif

static long checks, failures;

#define CHECK(cond, ...)                                                      \
  do {                                                                        \
    checks++;                                                                 \
    if (!(cond) && failures++ < CHECK_MAX_PRINTED) {                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                    \
      fprintf(stderr, __VA_ARGS__);                                           \
      fputc('\n', stderr);                                                    \
    }                                                                         \
  } while (0)

#endif /* GL_TEST_CHECK_H */

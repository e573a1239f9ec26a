/* bench.h — what the native bench programs share: a monotonic clock in
 * milliseconds and a comparator for qsort of doubles (medians). */
#ifndef GL_BENCH_H
#define GL_BENCH_H
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
#endif /* GL_BENCH_H */

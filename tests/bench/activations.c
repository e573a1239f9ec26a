/*
 * activations.c — native throughput of the activation kernels: the same C as
 * gradlab.wasm, built -O3 -march=native (SIMD kernels through SIMDe on SSE/AVX),
 * one thread. For each activation, forward and derivative, GL_IMPL_SIMD and
 * GL_IMPL_SCALAR through gl_activate / gl_derivative on n = 4096 floats
 * (in L1), x uniform in [-5, 5] (the same generator as activations.mjs).
 * Repeat count calibrated to ~block_ms per block, median of `blocks` blocks.
 * Prints one JSON object to stdout.
 *   build/opt/bench/activations [n] [block_ms] [blocks]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gradlab.h"
#include "bench.h"

typedef int32_t (*act_fn)(int32_t, int32_t, const float *, float *, int32_t, float);


static volatile float sink;

/* Elements per second of fn(act, impl, x, y, n): median of blocks. */
static double throughput(act_fn fn, int32_t act, int32_t impl, const float *x, float *y,
                         int32_t n, double block_ms, int blocks) {
  long reps = 1;
  double t;
  for (;;) {
    double t0 = now_ms();
    for (long i = 0; i < reps; i++) fn(act, impl, x, y, n, NAN);
    t = now_ms() - t0;
    if (t >= block_ms / 4 || reps > (1L << 28)) break;
    reps *= 2;
  }
  reps = (long)(reps * block_ms / (t > 1e-3 ? t : 1e-3));
  if (reps < 1) reps = 1;
  double rates[64];
  if (blocks > 64) blocks = 64;
  for (int b = 0; b < blocks; b++) {
    double t0 = now_ms();
    for (long i = 0; i < reps; i++) fn(act, impl, x, y, n, NAN);
    double ms = now_ms() - t0;
    sink = y[n - 1];
    rates[b] = (double)n * reps / (ms / 1e3);
  }
  qsort(rates, blocks, sizeof rates[0], cmp_double);
  return blocks % 2 ? rates[blocks / 2] : (rates[blocks / 2 - 1] + rates[blocks / 2]) / 2;
}

int main(int argc, char **argv) {
  int32_t n = argc > 1 ? atoi(argv[1]) : 4096;
  double block_ms = argc > 2 ? atof(argv[2]) : 20;
  int blocks = argc > 3 ? atoi(argv[3]) : 5;
  if (n <= 0 || n > GL_MAX_ELEMENTS || !(block_ms > 0) || blocks <= 0) {
    fprintf(stderr, "usage: %s [n] [block_ms] [blocks]\n", argv[0]);
    return 2;
  }
  float *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * n);
  if (!x || !y) { fprintf(stderr, "out of memory\n"); return 1; }
  uint32_t s = 12345;
  for (int32_t i = 0; i < n; i++) {
    s = s * 1103515245u + 12345u;
    x[i] = (float)(-5.0 + 10.0 * s / 4294967296.0);
  }
  printf("{\"n\":%d,\"rows\":[", n);
  int first = 1;
  for (int32_t act = 0; act < gl_activation_count(); act++) {
    for (int d = 0; d < 2; d++) {
      act_fn fn = d == 0 ? gl_activate : gl_derivative;
      double r[2];
      for (int impl = 0; impl < 2; impl++) {
        int32_t st = fn(act, impl, x, y, n, NAN);
        if (st != GL_OK) {
          fprintf(stderr, "%s %s impl %d: %s\n", gl_activation_name(act), d ? "derivative" : "forward",
                  impl, gl_status_message(st));
          return 1;
        }
        r[impl] = throughput(fn, act, impl, x, y, n, block_ms, blocks);
      }
      printf("%s{\"name\":\"%s\",\"dir\":\"%s\",\"nativeSimd\":%.6g,\"nativeScalar\":%.6g}", first ? "" : ",",
             gl_activation_name(act), d ? "derivative" : "forward", r[0], r[1]);
      first = 0;
      fprintf(stderr, ".");
    }
  }
  printf("]}\n");
  fprintf(stderr, "\n");
  free(x);
  free(y);
  return 0;
}

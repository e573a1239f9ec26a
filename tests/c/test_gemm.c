/*
 * test_gemm.c — the dense layer's matrix kernels against a plain reference,
 * bit for bit: gl_gemm_fm (gemm.c, the packed cache-blocked kernel) called
 * directly, and gl_dense_forward / gl_dense_backward (dense.c, which choose
 * between it and the register-blocked kernel by size).
 *
 * The reference is the plain triple loop in float with the documented order
 * of the sums (train_kernels.h): out = bias, then += w * x for k = 0, 1, ...
 * (the build has -ffp-contract=off: no FMA), so every kernel must match it
 * exactly, for every size: ragged rows, samples and K from 1 to 67 (each
 * swept while the others vary), K past the kernel's K block (several
 * blocks, the partial sums stored and reloaded), rows past its row group,
 * with and without bias, with the relu epilogue, and both weight layouts
 * (forward: w[k][r]; input gradient: w[r][k]). The weight gradient is
 * checked against its own documented order (lane sums over samples b = j
 * mod 4, then (l0 + l2) + (l1 + l3)).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_MAX_PRINTED 20
#include "check.h"
#include "train_kernels.h"

static uint32_t rng_state = 12345u;
static float rnd(void) { /* values with few mantissa bits would hide order changes: use full ones */
  rng_state = rng_state * 1664525u + 1013904223u;
  return (float)((int32_t)(rng_state >> 8) - (1 << 23)) / (float)(1 << 23);
}

/* out (R, S) = bias + sum_k w[r*rs + k*ks] inp[k][b], k increasing; relu after. */
static void ref_matmul(float *out, int relu, const float *inp, const float *w, int32_t rs, int32_t ks,
                       const float *bias, int32_t R, int32_t K, int32_t S) {
  for (int32_t r = 0; r < R; r++)
    for (int32_t b = 0; b < S; b++) {
      float c = bias ? bias[r] : 0.0f;
      for (int32_t k = 0; k < K; k++) {
        float p = w[(size_t)r * rs + (size_t)k * ks] * inp[(size_t)k * S + b];
        c = c + p;
      }
      out[(size_t)r * S + b] = relu ? (c < 0.0f ? 0.0f : c) : c; /* relu as wasm pmax(c, 0) */
    }
}

static float *fill(size_t n) {
  float *x = malloc(sizeof(float) * (n ? n : 1));
  for (size_t i = 0; i < n; i++) x[i] = rnd();
  return x;
}

/* One shape through gl_gemm_fm in both layouts, with and without bias and relu. */
static void check_gemm(int32_t R, int32_t K, int32_t S) {
  float *inp = fill((size_t)K * S), *w = fill((size_t)R * K), *bias = fill((size_t)R);
  float *out = malloc(sizeof(float) * (size_t)R * S), *ref = malloc(sizeof(float) * (size_t)R * S);
  for (int v = 0; v < 4; v++) {
    const int relu = v & 1, transposed = (v >> 1) & 1;
    const int32_t rs = transposed ? K : 1, ks = transposed ? 1 : R; /* w[r][k] or w[k][r] */
    const float *b = v == 1 ? NULL : bias;
    ref_matmul(ref, relu, inp, w, rs, ks, b, R, K, S);
    for (size_t i = 0; i < (size_t)R * S; i++) out[i] = NAN;
    gl_gemm_fm(out, relu, inp, w, rs, ks, b, R, K, S);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < (size_t)R * S; i++)
      if (memcmp(&out[i], &ref[i], sizeof(float)) != 0 && bad++ == 0) first = i;
    CHECK(bad == 0, "gl_gemm_fm R=%d K=%d S=%d relu=%d w[%s] bias=%d: %zu of %zu differ from the reference, first "
          "[%zu][%zu] %.9g vs %.9g", R, K, S, relu, transposed ? "r][k" : "k][r", b != NULL, bad, (size_t)R * S,
          first / (size_t)S, first % (size_t)S, out[first], ref[first]);
  }
  free(inp); free(w); free(bias); free(out); free(ref);
}

/* gl_dense_forward and gl_dense_backward (both kernels of dense.c, by size)
 * against the reference: z or relu(z), dinp, and the weight and bias
 * gradients in their documented order. */
static void check_dense(int32_t IN, int32_t OUT, int32_t S) {
  float *inp = fill((size_t)IN * S), *w = fill((size_t)IN * OUT), *bias = fill((size_t)OUT);
  float *dout = fill((size_t)OUT * S), *ones = malloc(sizeof(float) * (size_t)S);
  float *z = malloc(sizeof(float) * (size_t)OUT * S), *a = malloc(sizeof(float) * (size_t)OUT * S);
  float *ref = malloc(sizeof(float) * (size_t)(OUT > IN ? OUT : IN) * S);
  float *dinp = malloc(sizeof(float) * (size_t)IN * S), *dw = malloc(sizeof(float) * (size_t)(IN + 1) * OUT);
  float *dw0 = fill((size_t)(IN + 1) * OUT);
  for (int32_t b = 0; b < S; b++) ones[b] = 1.0f;
  for (int relu = 0; relu < 2; relu++) {
    gl_dense_forward(z, a, relu, inp, w, bias, IN, OUT, S);
    ref_matmul(ref, relu, inp, w, 1, OUT, bias, OUT, IN, S);
    CHECK(memcmp(relu ? a : z, ref, sizeof(float) * (size_t)OUT * S) == 0, "gl_dense_forward IN=%d OUT=%d S=%d relu=%d differs from the reference", IN, OUT, S, relu);
  }
  for (int fresh = 0; fresh < 2; fresh++) {
    memcpy(dw, dw0, sizeof(float) * (size_t)(IN + 1) * OUT);
    gl_dense_backward(dinp, dw, dout, inp, ones, w, IN, OUT, S, fresh);
    ref_matmul(ref, 0, dout, w, OUT, 1, NULL, IN, OUT, S);
    CHECK(memcmp(dinp, ref, sizeof(float) * (size_t)IN * S) == 0, "gl_dense_backward IN=%d OUT=%d S=%d: dinp differs from the reference", IN, OUT, S);
    size_t bad = 0;
    for (int32_t i = 0; i <= IN; i++)
      for (int32_t o = 0; o < OUT; o++) {
        const float *x = i < IN ? inp + (size_t)i * S : ones, *d = dout + (size_t)o * S;
        float lane[4] = {0, 0, 0, 0};
        for (int32_t b = 0; b < S; b++) lane[b % 4] = lane[b % 4] + x[b] * d[b];
        float sum = (lane[0] + lane[2]) + (lane[1] + lane[3]);
        float want = (fresh ? 0.0f : dw0[(size_t)i * OUT + o]) + sum;
        bad += memcmp(&want, &dw[(size_t)i * OUT + o], sizeof(float)) != 0;
      }
    CHECK(bad == 0, "gl_dense_backward IN=%d OUT=%d S=%d fresh=%d: %zu weight gradients differ from the reference", IN, OUT, S, fresh, bad);
  }
  free(inp); free(w); free(bias); free(dout); free(ones); free(z); free(a); free(ref); free(dinp); free(dw); free(dw0);
}

int main(void) {
  /* every size 1..67 of each dimension (S: the multiples of 4 up to 68), the
   * other two cycling through ragged values */
  static const int32_t other[] = {1, 2, 3, 5, 7, 16, 17, 33, 64, 67};
  const int no = (int)(sizeof other / sizeof other[0]);
  for (int32_t n = 1; n <= 67; n++) {
    check_gemm(n, other[n % no], 4 * (1 + (n * 7) % 17));
    check_gemm(other[(n + 3) % no], n, 4 * (1 + (n * 5) % 17));
  }
  for (int32_t S = 4; S <= 68; S += 4) check_gemm(other[S % no], other[(S / 4 + 5) % no], S);
  /* random triples in 1..67 */
  for (int t = 0; t < 60; t++) {
    int32_t R = 1 + (int32_t)((rng_state >> 9) % 67); rnd();
    int32_t K = 1 + (int32_t)((rng_state >> 9) % 67); rnd();
    int32_t S = 4 * (1 + (int32_t)((rng_state >> 9) % 17)); rnd();
    check_gemm(R, K, S);
  }
  /* S >= GL_GEMM_PACK_S: the weights packed into panels (below it the tiles
   * read w in place): rows and K swept again */
  for (int32_t n = 1; n <= 67; n += 3) {
    check_gemm(n, other[n % no], GL_GEMM_PACK_S + 4 * (n % 2));
    check_gemm(other[(n + 3) % no], n, GL_GEMM_PACK_S + 4 - 4 * (n % 2));
  }
  check_gemm(257, 513, GL_GEMM_PACK_S + 12);
  /* several K blocks (balanced, uneven), more rows than one row group, S not
   * a multiple of the sample tile */
  check_gemm(130, 600, 20);
  check_gemm(3, 257, 12);
  check_gemm(257, 513, 36);
  check_gemm(9, 1000, 4);
  /* dense.c: below and past the size where it switches to gl_gemm_fm */
  static const int32_t dense[][3] = {{5, 5, 32}, {2, 5, 4}, {7, 9, 12}, {64, 64, 32}, {67, 65, 260}, {130, 129, 256},
                                     {300, 10, 128}, {10, 300, 200}, {784, 33, 28}};
  for (size_t t = 0; t < sizeof dense / sizeof dense[0]; t++) check_dense(dense[t][0], dense[t][1], dense[t][2]);
  printf("test_gemm: %ld checks, %ld failed\n", checks, failures);
  return failures ? 1 : 0;
}

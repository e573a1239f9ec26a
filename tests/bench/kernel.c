/*
 * kernel.c — the dense layer's matrix kernels and a SIMD128 peak loop, built
 * alone into a small wasm module (build/bench/kernel.wasm; and
 * build/bench/kernel-regblock.wasm with the packed kernel switched off, for
 * the comparison) and driven by kernel.mjs:
 *   peak(iters, r, e)        12 independent chains of c = c * r + e
 *                            (f32x4.mul then f32x4.add, r = 1 and e = 0 at
 *                            run time): the machine's mul + add throughput,
 *                            no loads, no latency limit (12 chains x 2 ops
 *                            in flight cover ~5 cycles of latency);
 *   clock_chain(iters, y, z) a chain of 100 dependent i32 add / xor per
 *                            iteration (1 cycle each): the clock frequency;
 *   setup(IN, OUT, S) then fwd(reps, relu) / bwd(reps, with_dinp): the
 *                            library's gl_dense_forward / gl_dense_backward
 *                            on random arrays of that shape.
 */
#include <stdint.h>
#include <stdlib.h>

#include "train_kernels.h"

#define GL_PEAK_ST_(i) c##i = wasm_f32x4_add(wasm_f32x4_mul(c##i, R), E);
__attribute__((export_name("peak"))) float peak(int32_t iters, float r, float e) {
  const v128_t R = wasm_f32x4_splat(r), E = wasm_f32x4_splat(e);
  v128_t c0 = wasm_f32x4_splat(1), c1 = wasm_f32x4_splat(2), c2 = wasm_f32x4_splat(3), c3 = wasm_f32x4_splat(4);
  v128_t c4 = wasm_f32x4_splat(5), c5 = wasm_f32x4_splat(6), c6 = wasm_f32x4_splat(7), c7 = wasm_f32x4_splat(8);
  v128_t c8 = wasm_f32x4_splat(9), c9 = wasm_f32x4_splat(10), c10 = wasm_f32x4_splat(11), c11 = wasm_f32x4_splat(12);
  for (int32_t i = 0; i < iters; i++) {
    GL_PEAK_ST_(0) GL_PEAK_ST_(1) GL_PEAK_ST_(2) GL_PEAK_ST_(3) GL_PEAK_ST_(4) GL_PEAK_ST_(5)
    GL_PEAK_ST_(6) GL_PEAK_ST_(7) GL_PEAK_ST_(8) GL_PEAK_ST_(9) GL_PEAK_ST_(10) GL_PEAK_ST_(11)
  }
  v128_t s = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(c0, c1), wasm_f32x4_add(c2, c3)), wasm_f32x4_add(c4, c5));
  s = wasm_f32x4_add(s, wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(c6, c7), wasm_f32x4_add(c8, c9)), wasm_f32x4_add(c10, c11)));
  return wasm_f32x4_extract_lane(s, 0);
}

__attribute__((export_name("clock_chain"))) int32_t clock_chain(int32_t iters, int32_t y, int32_t z) {
  int32_t x = iters;
#define GL_CLK1_ x = (x + y) ^ z;
#define GL_CLK10_ GL_CLK1_ GL_CLK1_ GL_CLK1_ GL_CLK1_ GL_CLK1_ GL_CLK1_ GL_CLK1_ GL_CLK1_ GL_CLK1_ GL_CLK1_
  for (int32_t i = 0; i < iters; i++) { GL_CLK10_ GL_CLK10_ GL_CLK10_ GL_CLK10_ GL_CLK10_ }
  return x;
}

static float *inp, *w, *bias, *out, *act, *dout, *dw, *dinp, *ones;
static int32_t I_, O_, S_;
static uint32_t state = 1u;
static float rnd(void) {
  state = state * 1664525u + 1013904223u;
  return (float)((int32_t)(state >> 8) - (1 << 23)) / (float)(1 << 23);
}
static float *fill(size_t n) {
  float *x = malloc(sizeof(float) * n);
  if (x) for (size_t i = 0; i < n; i++) x[i] = rnd();
  return x;
}

__attribute__((export_name("setup"))) int32_t setup(int32_t I, int32_t O, int32_t S) {
  free(inp); free(w); free(bias); free(out); free(act); free(dout); free(dw); free(dinp); free(ones);
  I_ = I; O_ = O; S_ = S;
  inp = fill((size_t)I * S); w = fill((size_t)I * O); bias = fill((size_t)O); dout = fill((size_t)O * S);
  out = fill((size_t)O * S); act = fill((size_t)O * S); dw = fill((size_t)(I + 1) * O); dinp = fill((size_t)I * S);
  ones = fill((size_t)S);
  if (!inp || !w || !bias || !dout || !out || !act || !dw || !dinp || !ones) return 1;
  for (int32_t b = 0; b < S; b++) ones[b] = 1.0f;
  return 0;
}

__attribute__((export_name("fwd"))) float fwd(int32_t reps, int32_t relu) {
  for (int32_t r = 0; r < reps; r++) gl_dense_forward(out, act, relu, inp, w, bias, I_, O_, S_);
  return relu ? act[0] : out[0];
}

__attribute__((export_name("bwd"))) float bwd(int32_t reps, int32_t with_dinp) {
  for (int32_t r = 0; r < reps; r++) gl_dense_backward(with_dinp ? dinp : NULL, dw, dout, inp, ones, w, I_, O_, S_, 1);
  return dw[0];
}

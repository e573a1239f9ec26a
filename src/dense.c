/*
 * dense.c — the dense layer's matrix kernels on feature-major arrays (see
 * train_kernels.h): the forward pass with its fused activation epilogue and
 * the backward pass (input gradient, and the kernel and bias gradients
 * accumulated over the chunks of a batch).
 *
 * Each function is one half of a forward/backward pair with its shapes in a
 * comment (as llm.c). Only correctly rounded operations (add, mul; no FMA:
 * -ffp-contract=off) are used, in a fixed order, so the results are
 * bit-identical between wasm and native builds.
 */
#include "train_kernels.h"
#include "vmath.h"

/* What the matrix kernel stores (its epilogue, a compile-time constant of
 * each instance): the sum (GL_FM_Z, into out) or relu of it (GL_FM_RELU, into
 * out2: a hidden relu layer's a in inference, where z is not needed).
 * gl_vrelu is the relu kernel's own expression, so the result is
 * bit-identical to a separate pass. */
enum { GL_FM_Z, GL_FM_RELU };
static inline __attribute__((always_inline)) void fm_store(float *out, float *out2, size_t off, v128_t c, int epi) {
  if (epi == GL_FM_Z) wasm_v128_store(out + off, c);
  else wasm_v128_store(out2 + off, gl_vrelu(c));
}
#define GL_FM_ST_(j, col, c) fm_store(out, out2, (size_t)(r + (j)) * S + (size_t)(col), (c), epi)

/* The shared matrix kernel of gl_dense_forward and the dinp part of
 * gl_dense_backward: out[r][b] = (bias ? bias[r] : 0) + sum_k w(r, k) inp[k][b],
 * with w(r, k) = w[r*rs + k*ks], summed over k in increasing order.
 * inp is (K, S), out is (R, S), feature-major, S a multiple of 4.
 * Blocks of 4 rows x 8 samples keep 8 accumulators in registers and reuse
 * every loaded input vector four times. */
static inline __attribute__((always_inline)) void fm_matmul_body(float *out, float *out2, int epi, const float *inp,
                                                                  const float *w, int32_t rs, int32_t ks,
                                                                  const float *bias, int32_t R, int32_t K, int32_t S) {
  int32_t r = 0;
  for (; r + 4 <= R; r += 4) {
    const float *w0 = w + (size_t)r * rs, *w1 = w0 + rs, *w2 = w1 + rs, *w3 = w2 + rs;
    v128_t b0 = wasm_f32x4_splat(bias ? bias[r] : 0.0f), b1 = wasm_f32x4_splat(bias ? bias[r + 1] : 0.0f);
    v128_t b2 = wasm_f32x4_splat(bias ? bias[r + 2] : 0.0f), b3 = wasm_f32x4_splat(bias ? bias[r + 3] : 0.0f);
    int32_t b = 0;
    for (; b + 8 <= S; b += 8) {
      v128_t c0a = b0, c0b = b0, c1a = b1, c1b = b1, c2a = b2, c2b = b2, c3a = b3, c3b = b3;
      const float *x = inp + b;
      for (int32_t k = 0; k < K; k++, x += S) {
        v128_t xa = wasm_v128_load(x), xb = wasm_v128_load(x + 4);
        size_t wk = (size_t)k * ks;
        v128_t s0 = wasm_f32x4_splat(w0[wk]), s1 = wasm_f32x4_splat(w1[wk]);
        v128_t s2 = wasm_f32x4_splat(w2[wk]), s3 = wasm_f32x4_splat(w3[wk]);
        c0a = wasm_f32x4_add(c0a, wasm_f32x4_mul(s0, xa)); c0b = wasm_f32x4_add(c0b, wasm_f32x4_mul(s0, xb));
        c1a = wasm_f32x4_add(c1a, wasm_f32x4_mul(s1, xa)); c1b = wasm_f32x4_add(c1b, wasm_f32x4_mul(s1, xb));
        c2a = wasm_f32x4_add(c2a, wasm_f32x4_mul(s2, xa)); c2b = wasm_f32x4_add(c2b, wasm_f32x4_mul(s2, xb));
        c3a = wasm_f32x4_add(c3a, wasm_f32x4_mul(s3, xa)); c3b = wasm_f32x4_add(c3b, wasm_f32x4_mul(s3, xb));
      }
      GL_FM_ST_(0, b, c0a); GL_FM_ST_(0, b + 4, c0b);
      GL_FM_ST_(1, b, c1a); GL_FM_ST_(1, b + 4, c1b);
      GL_FM_ST_(2, b, c2a); GL_FM_ST_(2, b + 4, c2b);
      GL_FM_ST_(3, b, c3a); GL_FM_ST_(3, b + 4, c3b);
    }
    for (; b < S; b += 4) {
      v128_t c0 = b0, c1 = b1, c2 = b2, c3 = b3;
      const float *x = inp + b;
      for (int32_t k = 0; k < K; k++, x += S) {
        v128_t xa = wasm_v128_load(x);
        size_t wk = (size_t)k * ks;
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_f32x4_splat(w0[wk]), xa));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(wasm_f32x4_splat(w1[wk]), xa));
        c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(wasm_f32x4_splat(w2[wk]), xa));
        c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(wasm_f32x4_splat(w3[wk]), xa));
      }
      GL_FM_ST_(0, b, c0); GL_FM_ST_(1, b, c1);
      GL_FM_ST_(2, b, c2); GL_FM_ST_(3, b, c3);
    }
  }
  for (; r < R; r++) { /* the last R % 4 rows: one row x 16 samples (4 accumulators) */
    const float *w0 = w + (size_t)r * rs;
    v128_t b0 = wasm_f32x4_splat(bias ? bias[r] : 0.0f);
    int32_t b = 0;
    for (; b + 16 <= S; b += 16) {
      v128_t ca = b0, cb = b0, cc = b0, cd = b0;
      const float *x = inp + b;
      for (int32_t k = 0; k < K; k++, x += S) {
        v128_t s0 = wasm_f32x4_splat(w0[(size_t)k * ks]);
        ca = wasm_f32x4_add(ca, wasm_f32x4_mul(s0, wasm_v128_load(x)));
        cb = wasm_f32x4_add(cb, wasm_f32x4_mul(s0, wasm_v128_load(x + 4)));
        cc = wasm_f32x4_add(cc, wasm_f32x4_mul(s0, wasm_v128_load(x + 8)));
        cd = wasm_f32x4_add(cd, wasm_f32x4_mul(s0, wasm_v128_load(x + 12)));
      }
      GL_FM_ST_(0, b, ca); GL_FM_ST_(0, b + 4, cb);
      GL_FM_ST_(0, b + 8, cc); GL_FM_ST_(0, b + 12, cd);
    }
    for (; b < S; b += 4) {
      v128_t c = b0;
      const float *x = inp + b;
      for (int32_t k = 0; k < K; k++, x += S)
        c = wasm_f32x4_add(c, wasm_f32x4_mul(wasm_f32x4_splat(w0[(size_t)k * ks]), wasm_v128_load(x)));
      GL_FM_ST_(0, b, c);
    }
  }
}

#undef GL_FM_ST_

/* Where the packed kernel (gemm.c) pays (measured: docs/BENCHMARKS.md, "The
 * matrix kernel"): an input block past L1 (below it this kernel, whose input
 * stays in L1, is as fast or faster and packs nothing) and rows enough to
 * amortise the packing. */
#ifndef GL_GEMM_MIN_R
#define GL_GEMM_MIN_R 8
#endif
#ifndef GL_GEMM_MIN_KS
#define GL_GEMM_MIN_KS 16384 /* K * S floats of input: 64 KB, past L1 */
#endif
#define GL_GEMM_WORTH_(R, K, S) ((R) >= GL_GEMM_MIN_R && (int64_t)(K) * (S) > GL_GEMM_MIN_KS)

/* fm_matmul_body with K a constant for K <= 8 (the k loops unrolled: small
 * layers are mostly loop overhead otherwise); the same operations in the
 * same order for every K. */
#define GL_FM_SWITCH_(epi)                                                                 \
  switch (K) {                                                                             \
    GL_FM_CASE_(epi, 1) GL_FM_CASE_(epi, 2) GL_FM_CASE_(epi, 3) GL_FM_CASE_(epi, 4)        \
    GL_FM_CASE_(epi, 5) GL_FM_CASE_(epi, 6) GL_FM_CASE_(epi, 7) GL_FM_CASE_(epi, 8)        \
    default:                                                                               \
      if (GL_GEMM_WORTH_(R, K, S)) gl_gemm_fm(epi == GL_FM_RELU ? out2 : out, epi == GL_FM_RELU, inp, w, rs, ks, bias, R, K, S); \
      else fm_matmul_body(out, out2, epi, inp, w, rs, ks, bias, R, K, S);                  \
      break;                                                                               \
  }
#define GL_FM_CASE_(epi, k) case k: fm_matmul_body(out, out2, epi, inp, w, rs, ks, bias, R, k, S); break;
static void fm_matmul(float *out, const float *inp, const float *w, int32_t rs, int32_t ks,
                      const float *bias, int32_t R, int32_t K, int32_t S) {
  float *out2 = NULL;
  GL_FM_SWITCH_(GL_FM_Z)
}
/* a = relu(W inp + bias), W inp + bias as fm_matmul computes it */
static void fm_matmul_relu(float *a, const float *inp, const float *w, int32_t rs, int32_t ks,
                           const float *bias, int32_t R, int32_t K, int32_t S) {
  float *out = NULL, *out2 = a; /* the relu epilogue stores into out2 only */
  GL_FM_SWITCH_(GL_FM_RELU)
}
#undef GL_FM_CASE_
#undef GL_FM_SWITCH_

/* inp is (IN, S), out is (OUT, S); weight is (IN, OUT) row-major, bias (OUT).
 * out[o][b] = bias[o] + sum_i inp[i][b] weight[i][o]. relu (a hidden relu
 * layer in inference): a = relu(out) is written instead of out, in the same
 * pass. */
void gl_dense_forward(float *out, float *a, int relu, const float *inp, const float *weight,
                      const float *bias, int32_t IN, int32_t OUT, int32_t S) {
  if (relu) fm_matmul_relu(a, inp, weight, 1, OUT, bias, OUT, IN, S);
  else fm_matmul(out, inp, weight, 1, OUT, bias, OUT, IN, S);
}

/* dout is (OUT, S) = dL/dz of this layer; inp is (IN, S); weight (IN, OUT);
 * dweight is (IN + 1, OUT): the kernel gradient and then the bias gradient
 * (as in the arena), ones holds S ones.
 * dweight (IN, OUT) += sum_b inp[i][b] dout[o][b];  dbias (OUT) += sum_b dout[o][b]
 * (fresh: 0 + the sums, as after a memset, without reading the old values);
 * dinp (IN, S) = sum_o weight[i][o] dout[o][b] (written, not accumulated;
 * skipped when dinp is NULL). */
void gl_dense_backward(float *dinp, float *dweight, const float *dout, const float *inp,
                       const float *ones, const float *weight, int32_t IN, int32_t OUT, int32_t S,
                       int fresh) {
  const v128_t zero4 = wasm_f32x4_splat(0.0f);
  const int32_t rows = IN + 1; /* row IN: the bias, from an input row of ones (1 * d = d exactly) */
#define GL_XROW_(i) ((i) < IN ? inp + (size_t)(i) * S : ones)
  int32_t i = 0;
  for (; i + 2 <= rows; i += 2) { /* 2 inputs x 4 outputs: 8 accumulators */
    const float *x0 = GL_XROW_(i), *x1 = GL_XROW_(i + 1);
    float *dw0 = dweight + (size_t)i * OUT, *dw1 = dw0 + OUT;
    int32_t o = 0;
    for (; o + 4 <= OUT; o += 4) {
      const float *d0 = dout + (size_t)o * S, *d1 = d0 + S, *d2 = d1 + S, *d3 = d2 + S;
      v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0;
      for (int32_t b = 0; b < S; b += 4) {
        v128_t xa = wasm_v128_load(x0 + b), xb = wasm_v128_load(x1 + b);
        v128_t e0 = wasm_v128_load(d0 + b), e1 = wasm_v128_load(d1 + b);
        v128_t e2 = wasm_v128_load(d2 + b), e3 = wasm_v128_load(d3 + b);
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(xa, e0)); c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(xb, e0));
        a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(xa, e1)); c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(xb, e1));
        a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(xa, e2)); c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(xb, e2));
        a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(xa, e3)); c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(xb, e3));
      }
      wasm_v128_store(dw0 + o, wasm_f32x4_add(fresh ? zero4 : wasm_v128_load(dw0 + o), hsum4x4(a0, a1, a2, a3)));
      wasm_v128_store(dw1 + o, wasm_f32x4_add(fresh ? zero4 : wasm_v128_load(dw1 + o), hsum4x4(c0, c1, c2, c3)));
    }
    for (; o < OUT; o++) {
      const float *d0 = dout + (size_t)o * S;
      v128_t a0 = wasm_f32x4_splat(0.0f), c0 = a0;
      for (int32_t b = 0; b < S; b += 4) {
        v128_t e0 = wasm_v128_load(d0 + b);
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x0 + b), e0));
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_v128_load(x1 + b), e0));
      }
      dw0[o] = (fresh ? 0.0f : dw0[o]) + hsum4(a0);
      dw1[o] = (fresh ? 0.0f : dw1[o]) + hsum4(c0);
    }
  }
  for (; i < rows; i++) {
    const float *x = GL_XROW_(i);
    float *dw = dweight + (size_t)i * OUT;
    int32_t o = 0;
    for (; o + 4 <= OUT; o += 4) {
      const float *d0 = dout + (size_t)o * S, *d1 = d0 + S, *d2 = d1 + S, *d3 = d2 + S;
      v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
      for (int32_t b = 0; b < S; b += 4) {
        v128_t xv = wasm_v128_load(x + b);
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(xv, wasm_v128_load(d0 + b)));
        a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(xv, wasm_v128_load(d1 + b)));
        a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(xv, wasm_v128_load(d2 + b)));
        a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(xv, wasm_v128_load(d3 + b)));
      }
      wasm_v128_store(dw + o, wasm_f32x4_add(fresh ? zero4 : wasm_v128_load(dw + o), hsum4x4(a0, a1, a2, a3)));
    }
    for (; o < OUT; o++) {
      const float *d0 = dout + (size_t)o * S;
      v128_t a0 = wasm_f32x4_splat(0.0f);
      for (int32_t b = 0; b < S; b += 4)
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + b), wasm_v128_load(d0 + b)));
      dw[o] = (fresh ? 0.0f : dw[o]) + hsum4(a0);
    }
  }
#undef GL_XROW_
  if (dinp) fm_matmul(dinp, dout, weight, OUT, 1, NULL, IN, OUT, S);
}

/*
 * gemm.c — the packed, cache-blocked matrix kernel behind dense.c's wide
 * layers (forward, and the input gradient of the backward pass):
 *
 *   out[r][b] = (bias ? bias[r] : 0) + sum_k w(r, k) inp[k][b],
 *   w(r, k) = w[r*rs + k*ks], inp (K, S) and out (R, S) feature-major,
 *
 * summed over k in increasing order for every output, exactly as dense.c's
 * fm_matmul_body: the results are bit-identical to it (and so between wasm
 * and native builds), only the order in which outputs are visited changes.
 *
 * Blocking (BLIS's loops, XNNPACK's packed layout):
 *  - K in blocks of at most GL_GEMM_KC (balanced); between blocks the partial
 *    sums are stored to out and loaded back (exact float stores: the order
 *    of the sum is unchanged); the epilogue (relu) runs on the last block;
 *  - rows in groups of GL_GEMM_MC, whose weights of the K block are packed
 *    once into panels of GL_GEMM_MR rows: panel[k][i] = w(r + i, k0 + k),
 *    contiguous, rows past R zero (computed, never stored), when S has at
 *    least GL_GEMM_PACK_S samples; with fewer, the packing costs more than
 *    it saves (measured: at S 128, the MNIST-sized batch, the tiles run
 *    faster reading w in place, one splat load per row and k as before,
 *    docs/BENCHMARKS.md), and the tiles read w itself;
 *  - samples in tiles of GL_GEMM_NR (a multiple of 4; the last 4 on their
 *    own), whose inputs of the K block are packed into xp[k][NR]: the rows
 *    of inp are S floats apart (1 KB for S = 256, which maps every row of a
 *    column block onto the same few L1 sets), the packed panel is contiguous
 *    and stays in L1 while every row panel of the group runs over it;
 *  - the microkernel: GL_GEMM_MR rows x GL_GEMM_NR samples of accumulators in
 *    registers; per k one splat load per row and NR / 4 vector loads.
 * The tile was chosen by measurement (docs/BENCHMARKS.md, "The matrix
 * kernel"). The packed buffers live on the stack (GL_GEMM_KC x (GL_GEMM_MC +
 * GL_GEMM_NR) floats), so the kernel allocates nothing.
 */
#include "train_kernels.h"
#include "vmath.h"

#ifndef GL_GEMM_MR
#define GL_GEMM_MR 2
#endif
#ifndef GL_GEMM_NV
#define GL_GEMM_NV 4 /* vectors of 4 samples per tile */
#endif
#ifndef GL_GEMM_KC
#define GL_GEMM_KC 256
#endif
#ifndef GL_GEMM_MC
#define GL_GEMM_MC 128
#endif
#define GL_GEMM_NR (4 * GL_GEMM_NV)
#define GL_GEMM_MCP ((GL_GEMM_MC + GL_GEMM_MR - 1) / GL_GEMM_MR * GL_GEMM_MR)

/* One tile: rows r..r+MR-1 (the packed panel wp[k][MR]) x NV vectors of
 * samples (xp[k][xs], xs floats between k rows), k over [0, kc). c starts
 * from bias (first K block) or the partial sums in part; the result goes to
 * part, or through the epilogue (relu) to dst on the last K block. Only the
 * `rows` real rows are loaded and stored. */
#define GL_GEMM_TILE_(NAME, NV)                                                                              \
  static inline __attribute__((always_inline)) void NAME(                                                  \
      const float *wp, size_t rs, size_t ks, const float *xp, int32_t xs, int32_t kc, float *part,       \
      float *dst, size_t S, const float *bias, int32_t rows, int first, int last, int relu) {              \
    v128_t c[GL_GEMM_MR][NV];                                                                              \
    for (int i = 0; i < GL_GEMM_MR; i++)                                                                   \
      for (int v = 0; v < NV; v++)                                                                         \
        c[i][v] = i >= rows ? wasm_f32x4_splat(0.0f)                                                       \
                  : first ? wasm_f32x4_splat(bias ? bias[i] : 0.0f)                                        \
                          : wasm_v128_load(part + (size_t)i * S + 4 * v);                                  \
    const float *wr[GL_GEMM_MR]; /* unpacked: a row past R reads row 0 (computed, never stored) */        \
    for (int i = 0; i < GL_GEMM_MR; i++) wr[i] = wp + (i < rows ? (size_t)i * rs : 0);                     \
    for (int32_t k = 0; k < kc; k++, xp += xs) {                                                           \
      v128_t x[NV];                                                                                        \
      for (int v = 0; v < NV; v++) x[v] = wasm_v128_load(xp + 4 * v);                                      \
      for (int i = 0; i < GL_GEMM_MR; i++) {                                                               \
        v128_t s = wasm_v128_load32_splat(wr[i] + (size_t)k * ks);                                         \
        for (int v = 0; v < NV; v++) c[i][v] = wasm_f32x4_add(c[i][v], wasm_f32x4_mul(s, x[v]));           \
      }                                                                                                    \
    }                                                                                                      \
    for (int i = 0; i < GL_GEMM_MR; i++) {                                                                 \
      if (i >= rows) break;                                                                                \
      for (int v = 0; v < NV; v++) {                                                                       \
        if (!last) wasm_v128_store(part + (size_t)i * S + 4 * v, c[i][v]);                                 \
        else wasm_v128_store(dst + (size_t)i * S + 4 * v, relu ? gl_vrelu(c[i][v]) : c[i][v]);             \
      }                                                                                                    \
    }                                                                                                      \
  }
GL_GEMM_TILE_(gemm_tile, GL_GEMM_NV)
GL_GEMM_TILE_(gemm_tile4, 1)
#undef GL_GEMM_TILE_

void gl_gemm_fm(float *out, int relu, const float *inp, const float *w, int32_t rs, int32_t ks,
                const float *bias, int32_t R, int32_t K, int32_t S) {
  float wp[GL_GEMM_KC * GL_GEMM_MCP];
  float xp[GL_GEMM_KC * GL_GEMM_NR];
  const int32_t nkb = (K + GL_GEMM_KC - 1) / GL_GEMM_KC, kcb = (K + nkb - 1) / nkb; /* balanced K blocks */
  const int pack = S >= GL_GEMM_PACK_S;
  /* the tile's weights: rows p.. of the packed panels (row stride 1, k stride
   * MR), or w itself (row stride rs, k stride ks) */
#define W_AT_(p) (pack ? wp + (size_t)(p) * kc : w + (size_t)(r0 + (p)) * rs + (size_t)k0 * ks)
#define WRS_ (pack ? (size_t)1 : (size_t)rs)
#define WKS_ (pack ? (size_t)GL_GEMM_MR : (size_t)ks)
  for (int32_t k0 = 0; k0 < K; k0 += kcb) {
    const int32_t kc = K - k0 < kcb ? K - k0 : kcb;
    const int first = k0 == 0, last = k0 + kc == K;
    for (int32_t r0 = 0; r0 < R; r0 += GL_GEMM_MC) {
      const int32_t mc = R - r0 < GL_GEMM_MC ? R - r0 : GL_GEMM_MC;
      /* pack the weights of rows r0..r0+mc, k0..k0+kc: panels of MR rows (when
       * enough sample tiles read them; else the tiles read w in place) */
      for (int32_t p = 0; pack && p < mc; p += GL_GEMM_MR) {
        float *dst = wp + (size_t)p * kc;
        for (int32_t i = 0; i < GL_GEMM_MR; i++) {
          if (p + i < mc) {
            const float *src = w + (size_t)(r0 + p + i) * rs + (size_t)k0 * ks;
            for (int32_t k = 0; k < kc; k++) dst[(size_t)k * GL_GEMM_MR + i] = src[(size_t)k * ks];
          } else {
            for (int32_t k = 0; k < kc; k++) dst[(size_t)k * GL_GEMM_MR + i] = 0.0f;
          }
        }
      }
      int32_t b = 0;
      for (; b + GL_GEMM_NR <= S; b += GL_GEMM_NR) {
        /* pack the inputs of samples b..b+NR, k0..k0+kc */
        const float *src = inp + (size_t)k0 * S + b;
        for (int32_t k = 0; k < kc; k++)
          for (int v = 0; v < GL_GEMM_NV; v++)
            wasm_v128_store(xp + (size_t)k * GL_GEMM_NR + 4 * v, wasm_v128_load(src + (size_t)k * S + 4 * v));
        for (int32_t p = 0; p < mc; p += GL_GEMM_MR) {
          float *o = out + (size_t)(r0 + p) * S + b;
          gemm_tile(W_AT_(p), WRS_, WKS_, xp, GL_GEMM_NR, kc, o, o, (size_t)S, bias ? bias + r0 + p : NULL,
                    mc - p, first, last, relu);
        }
      }
      for (; b < S; b += 4) { /* the last 4 samples: unpacked inputs */
        for (int32_t p = 0; p < mc; p += GL_GEMM_MR) {
          float *o = out + (size_t)(r0 + p) * S + b;
          gemm_tile4(W_AT_(p), WRS_, WKS_, inp + (size_t)k0 * S + b, S, kc, o, o, (size_t)S,
                     bias ? bias + r0 + p : NULL, mc - p, first, last, relu);
        }
      }
    }
  }
#undef W_AT_
#undef WRS_
#undef WKS_
}

/*
 * network.c — the multilayer-perceptron trainer.
 *
 * Layout. One allocation (the arena) holds, in this order: params, grads, m, v
 * (optimiser state), backup (params before the last update, for divergence
 * roll-back), then the workspace. Within params (and grads, m, v) each layer
 * is kernel [in][out] row-major (as Keras) followed by bias [out].
 *
 * Activations inside the trainer are FEATURE-MAJOR: a layer's pre-activation
 * z and activation a are (units, S) with one row of S floats per unit, S the
 * number of samples of the chunk rounded up to a multiple of 4. The SIMD lanes
 * therefore run over samples, so a 5-unit layer keeps all four lanes busy just
 * as a 512-unit one does. Padding lanes (samples m..S-1) are kept at zero in
 * every a and dz row, so they add nothing to any gradient.
 *
 * A mini-batch (or the n samples of gl_net_gradients / gl_net_evaluate /
 * gl_net_predict) is processed in chunks of at most `cap` samples; gradients
 * accumulate (+=) over the chunks with the loss scaled by 1/batch, so a batch
 * larger than the chunk gives the same gradient as one big pass. No memory is
 * allocated inside the batch loop.
 *
 * Every layer function is a forward/backward pair with its shapes in a comment
 * (as llm.c). Only IEEE-exact SIMD operations (mul, add) are used, in a fixed
 * order, so results are bit-identical between wasm and native builds.
 */
#include "gradlab.h"
#include "activations.h"
#include "simd.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GL_NET_INIT_STREAM 0x696e697469616c73ULL    /* "initials" */
#define GL_NET_SHUFFLE_STREAM 0x73687566666c6521ULL /* "shuffle!" */
#define GL_NET_CHUNK 256                            /* samples per chunk, at most */
#define GL_NET_WORKSPACE_BYTES (32u << 20)          /* workspace budget per network */
#define GL_KERAS_TRUNC_STD 0.87962566103423978      /* std of N(0,1) truncated to [-2, 2] */
#define GL_SATURATION 0.01f                         /* "saturated": f' < 1% of max f' */

typedef struct gl_layer {
  int32_t in, out;            /* fan-in, fan-out (units) */
  int32_t act;                /* activation id */
  int32_t softmax;            /* act is softmax (column-wise, handled here) */
  gl_act_params ap;           /* resolved activation parameters */
  gl_vfn fwd, der;            /* SIMD kernels of the activation table */
  float dmax;                 /* max of f' over the real line (saturation scale) */
  int32_t kernel_off, bias_off; /* floats from params */
  int32_t unit_off;           /* this layer's first unit in the flag arrays */
  float *z, *a;               /* (out, cap) each, feature-major */
} gl_layer;

struct gl_net {
  int32_t inputs, outputs, nlayers, loss, nparams, cap, max_units, total_units;
  gl_layer layer[GL_MAX_LAYERS];
  void *arena;
  float *params, *grads, *m, *v, *backup;
  float *x0;           /* (inputs, cap) the chunk's inputs, feature-major */
  float *y0;           /* (outputs, cap) the chunk's targets, feature-major */
  float *d0, *d1;      /* (max_units, cap) dz ping-pong */
  float *tmp;          /* (max_units, cap) activation derivative */
  uint8_t *alive;      /* per unit: f' != 0 for some sample this epoch */
  uint8_t *unsat;      /* per unit: f' >= 1% of max for some sample this epoch */
  /* optimiser */
  gl_vfn softplus;     /* the softplus kernel, for the BCE loss */
  int32_t opt, nesterov;
  float lr, momentum, beta1, beta2, eps, l1, l2;
  int64_t steps;
  gl_rng shuffle_rng;
  int32_t *perm;
  int32_t perm_cap;
};

/* ---- small SIMD helpers ------------------------------------------------- */

/* Sum of the four lanes in a fixed order: (l0 + l2) + (l1 + l3). */
static inline float hsum4(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 2)) +
         (wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 3));
}

/* The four lane sums of a0..a3 as one vector, each in hsum4's order:
 * lane j = (aj[0] + aj[2]) + (aj[1] + aj[3]). */
static inline v128_t hsum4x4(v128_t a0, v128_t a1, v128_t a2, v128_t a3) {
#ifdef GL_SIMD_EMULATED
  return wasm_f32x4_make(hsum4(a0), hsum4(a1), hsum4(a2), hsum4(a3));
#else
  v128_t s01 = wasm_f32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7));
  v128_t s23 = wasm_f32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5), wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5), wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
#endif
}

/* 1 when every x[i] is finite: x*0 is 0 for finite x and NaN otherwise. */
static int all_finite(const float *x, size_t n) {
  v128_t acc = wasm_f32x4_splat(0.0f), zero = wasm_f32x4_splat(0.0f);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + i), zero));
  float s = hsum4(acc);
  for (; i < n; i++) s += x[i] * 0.0f;
  return s == 0.0f;
}

/* sum |x| and sum x^2 over x[n] (float lanes, then double). */
static void sum_abs_sq(const float *x, size_t n, double *abs_out, double *sq_out) {
  v128_t sa = wasm_f32x4_splat(0.0f), sq = wasm_f32x4_splat(0.0f);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    sa = wasm_f32x4_add(sa, wasm_f32x4_abs(v));
    sq = wasm_f32x4_add(sq, wasm_f32x4_mul(v, v));
  }
  double a = hsum4(sa), q = hsum4(sq);
  for (; i < n; i++) { a += fabs((double)x[i]); q += (double)x[i] * (double)x[i]; }
  if (!isfinite(a) || !isfinite(q)) { /* float lanes overflowed (|x| > ~1e19): redo in double */
    a = q = 0.0;
    for (i = 0; i < n; i++) { a += fabs((double)x[i]); q += (double)x[i] * (double)x[i]; }
  }
  *abs_out = a;
  *sq_out = q;
}

static inline int32_t pad4(int32_t m) { return (m + 3) & ~3; }

/* ---- dense layer: forward / backward pairs ------------------------------ */

/* The shared matrix kernel of dense_forward and the dinp part of
 * dense_backward: out[r][b] = (bias ? bias[r] : 0) + sum_k w(r, k) inp[k][b],
 * with w(r, k) = w[r*rs + k*ks], summed over k in increasing order.
 * inp is (K, S), out is (R, S), feature-major, S a multiple of 4.
 * Blocks of 4 rows x 8 samples keep 8 accumulators in registers and reuse
 * every loaded input vector four times. */
static void fm_matmul(float *out, const float *inp, const float *w, int32_t rs, int32_t ks,
                      const float *bias, int32_t R, int32_t K, int32_t S) {
  int32_t r = 0;
  for (; r + 4 <= R; r += 4) {
    const float *w0 = w + (size_t)r * rs, *w1 = w0 + rs, *w2 = w1 + rs, *w3 = w2 + rs;
    v128_t b0 = wasm_f32x4_splat(bias ? bias[r] : 0.0f), b1 = wasm_f32x4_splat(bias ? bias[r + 1] : 0.0f);
    v128_t b2 = wasm_f32x4_splat(bias ? bias[r + 2] : 0.0f), b3 = wasm_f32x4_splat(bias ? bias[r + 3] : 0.0f);
    float *o0 = out + (size_t)r * S, *o1 = o0 + S, *o2 = o1 + S, *o3 = o2 + S;
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
      wasm_v128_store(o0 + b, c0a); wasm_v128_store(o0 + b + 4, c0b);
      wasm_v128_store(o1 + b, c1a); wasm_v128_store(o1 + b + 4, c1b);
      wasm_v128_store(o2 + b, c2a); wasm_v128_store(o2 + b + 4, c2b);
      wasm_v128_store(o3 + b, c3a); wasm_v128_store(o3 + b + 4, c3b);
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
      wasm_v128_store(o0 + b, c0); wasm_v128_store(o1 + b, c1);
      wasm_v128_store(o2 + b, c2); wasm_v128_store(o3 + b, c3);
    }
  }
  for (; r < R; r++) {
    const float *w0 = w + (size_t)r * rs;
    v128_t b0 = wasm_f32x4_splat(bias ? bias[r] : 0.0f);
    float *o0 = out + (size_t)r * S;
    int32_t b = 0;
    for (; b + 8 <= S; b += 8) {
      v128_t ca = b0, cb = b0;
      const float *x = inp + b;
      for (int32_t k = 0; k < K; k++, x += S) {
        v128_t s0 = wasm_f32x4_splat(w0[(size_t)k * ks]);
        ca = wasm_f32x4_add(ca, wasm_f32x4_mul(s0, wasm_v128_load(x)));
        cb = wasm_f32x4_add(cb, wasm_f32x4_mul(s0, wasm_v128_load(x + 4)));
      }
      wasm_v128_store(o0 + b, ca); wasm_v128_store(o0 + b + 4, cb);
    }
    for (; b < S; b += 4) {
      v128_t c = b0;
      const float *x = inp + b;
      for (int32_t k = 0; k < K; k++, x += S)
        c = wasm_f32x4_add(c, wasm_f32x4_mul(wasm_f32x4_splat(w0[(size_t)k * ks]), wasm_v128_load(x)));
      wasm_v128_store(o0 + b, c);
    }
  }
}

/* inp is (IN, S), out is (OUT, S); weight is (IN, OUT) row-major, bias (OUT).
 * out[o][b] = bias[o] + sum_i inp[i][b] weight[i][o] */
static void dense_forward(float *out, const float *inp, const float *weight, const float *bias,
                          int32_t IN, int32_t OUT, int32_t S) {
  fm_matmul(out, inp, weight, 1, OUT, bias, OUT, IN, S);
}

/* dout is (OUT, S) = dL/dz of this layer; inp is (IN, S); weight (IN, OUT).
 * dweight (IN, OUT) += sum_b inp[i][b] dout[o][b];  dbias (OUT) += sum_b dout[o][b];
 * dinp (IN, S) = sum_o weight[i][o] dout[o][b] (written, not accumulated;
 * skipped when dinp is NULL). */
static void dense_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                           const float *inp, const float *weight, int32_t IN, int32_t OUT, int32_t S) {
  for (int32_t o = 0; o < OUT; o++) {
    const float *d = dout + (size_t)o * S;
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int32_t b = 0; b < S; b += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(d + b));
    dbias[o] += hsum4(acc);
  }
  int32_t i = 0;
  for (; i + 2 <= IN; i += 2) { /* 2 inputs x 4 outputs: 8 accumulators */
    const float *x0 = inp + (size_t)i * S, *x1 = x0 + S;
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
      wasm_v128_store(dw0 + o, wasm_f32x4_add(wasm_v128_load(dw0 + o), hsum4x4(a0, a1, a2, a3)));
      wasm_v128_store(dw1 + o, wasm_f32x4_add(wasm_v128_load(dw1 + o), hsum4x4(c0, c1, c2, c3)));
    }
    for (; o < OUT; o++) {
      const float *d0 = dout + (size_t)o * S;
      v128_t a0 = wasm_f32x4_splat(0.0f), c0 = a0;
      for (int32_t b = 0; b < S; b += 4) {
        v128_t e0 = wasm_v128_load(d0 + b);
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x0 + b), e0));
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_v128_load(x1 + b), e0));
      }
      dw0[o] += hsum4(a0);
      dw1[o] += hsum4(c0);
    }
  }
  for (; i < IN; i++) {
    const float *x = inp + (size_t)i * S;
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
      wasm_v128_store(dw + o, wasm_f32x4_add(wasm_v128_load(dw + o), hsum4x4(a0, a1, a2, a3)));
    }
    for (; o < OUT; o++) {
      const float *d0 = dout + (size_t)o * S;
      v128_t a0 = wasm_f32x4_splat(0.0f);
      for (int32_t b = 0; b < S; b += 4)
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + b), wasm_v128_load(d0 + b)));
      dw[o] += hsum4(a0);
    }
  }
  if (dinp) fm_matmul(dinp, dout, weight, OUT, 1, NULL, IN, OUT, S);
}

/* ---- activations, feature-major ----------------------------------------- */

/* Zero the padding lanes m..S-1 of each of the R rows of x (R, S). */
static void zero_pad(float *x, int32_t R, int32_t m, int32_t S) {
  if (m == S) return;
  for (int32_t r = 0; r < R; r++) memset(x + (size_t)r * S + m, 0, sizeof(float) * (size_t)(S - m));
}

/* Column-wise softmax: z, a are (U, S); a[u][b] = exp(z[u][b] - max_u) / sum. */
static void softmax_fm_forward(float *a, const float *z, int32_t U, int32_t m, int32_t S) {
  for (int32_t b = 0; b < m; b++) {
    float mx = -INFINITY;
    for (int32_t u = 0; u < U; u++) if (z[(size_t)u * S + b] > mx) mx = z[(size_t)u * S + b];
    float sum = 0.0f;
    for (int32_t u = 0; u < U; u++) {
      float e = expf(z[(size_t)u * S + b] - mx);
      a[(size_t)u * S + b] = e;
      sum += e;
    }
    for (int32_t u = 0; u < U; u++) a[(size_t)u * S + b] /= sum;
  }
}

/* da, a, dz are (U, S): dz[u][b] = a[u][b] (da[u][b] - sum_j da[j][b] a[j][b])
 * (the softmax Jacobian times da; dz may alias da). */
static void softmax_fm_backward(float *dz, const float *da, const float *a, int32_t U, int32_t m, int32_t S) {
  for (int32_t b = 0; b < m; b++) {
    float dot = 0.0f;
    for (int32_t u = 0; u < U; u++) dot += da[(size_t)u * S + b] * a[(size_t)u * S + b];
    for (int32_t u = 0; u < U; u++) dz[(size_t)u * S + b] = a[(size_t)u * S + b] * (da[(size_t)u * S + b] - dot);
  }
}

/* d = f'(z) of layer L over the m real samples (for softmax the Jacobian
 * diagonal a (1 - a)); d, z are (U, S). */
static void layer_derivative(const gl_layer *L, float *d, int32_t m, int32_t S) {
  size_t n = (size_t)L->out * (size_t)S;
  if (L->softmax) {
    for (size_t i = 0; i < n; i++) d[i] = L->a[i] * (1.0f - L->a[i]);
  } else {
    L->der(L->z, d, n, &L->ap);
  }
  (void)m;
}

/* d = f'(z) of layer L (U, S). dz (U, S), when not NULL: dz *= d over the m
 * real samples, padding lanes set to 0. When flags: the dead / saturated
 * flags of L's units from the real samples (alive: some f' != 0; unsat: some
 * |f'| >= 1% of its maximum). One SIMD pass; the last vector of a row is
 * masked by lane < m - b. */
static void apply_derivative(gl_net *net, const gl_layer *L, float *dz, const float *d, int32_t m, int32_t S,
                             int flags) {
  const v128_t zero = wasm_f32x4_splat(0.0f), one = wasm_f32x4_splat(1.0f);
  const v128_t thr = wasm_f32x4_splat(GL_SATURATION * L->dmax), lane = wasm_f32x4_make(0.0f, 1.0f, 2.0f, 3.0f);
  for (int32_t u = 0; u < L->out; u++) {
    const float *dr = d + (size_t)u * S;
    float *zr = dz ? dz + (size_t)u * S : NULL;
    v128_t alive = zero, unsat = zero;
    for (int32_t b = 0; b < S; b += 4) {
      v128_t dv = wasm_v128_load(dr + b);
      v128_t valid = wasm_f32x4_lt(lane, wasm_f32x4_splat((float)(m - b)));
      if (zr) wasm_v128_store(zr + b, wasm_v128_and(wasm_f32x4_mul(wasm_v128_load(zr + b), dv), valid));
      if (flags) {
        v128_t ad = wasm_f32x4_abs(dv);
        alive = wasm_v128_or(alive, wasm_v128_and(wasm_f32x4_ne(ad, zero), valid));
        unsat = wasm_v128_or(unsat, wasm_v128_and(wasm_f32x4_ge(ad, thr), valid));
      }
    }
    if (flags) {
      net->alive[L->unit_off + u] |= (uint8_t)(hsum4(wasm_v128_and(alive, one)) > 0.0f);
      net->unsat[L->unit_off + u] |= (uint8_t)(hsum4(wasm_v128_and(unsat, one)) > 0.0f);
    }
  }
}

/* ---- the network over one chunk ----------------------------------------- */

/* x0 (inputs, S) -> z, a of every layer. */
static void net_forward(gl_net *net, int32_t m, int32_t S) {
  const float *inp = net->x0;
  for (int32_t l = 0; l < net->nlayers; l++) {
    gl_layer *L = &net->layer[l];
    dense_forward(L->z, inp, net->params + L->kernel_off, net->params + L->bias_off, L->in, L->out, S);
    if (L->softmax) softmax_fm_forward(L->a, L->z, L->out, m, S);
    else L->fwd(L->z, L->a, (size_t)L->out * (size_t)S, &L->ap);
    zero_pad(L->a, L->out, m, S);
    inp = L->a;
  }
}

/* Loss of the chunk against y0 and, when dz != NULL, dL/dz of the output layer
 * with L = (sum of per-sample losses) * scale. Per-sample loss: BCE and MSE
 * averaged over the outputs (Keras), CCE summed. Adds the per-sample losses to
 * *loss_sum and the number of correct predictions to *correct. */
static void loss_head(gl_net *net, int32_t m, int32_t S, double scale, float *dz,
                      double *loss_sum, double *correct) {
  const gl_layer *L = &net->layer[net->nlayers - 1];
  const int32_t K = L->out;
  const float *z = L->z, *a = L->a, *y = net->y0;
  double lsum = 0.0, csum = 0.0;
  if (net->loss == GL_LOSS_BCE) {
    /* l = max(z, 0) - z y + log(1 + exp(-|z|)) = -y log s - (1-y) log(1-s);
     * dl/dz = s - y. */
    float g = (float)(scale / K), *sp = net->tmp;
    for (int32_t k = 0; k < K; k++) {
      size_t r = (size_t)k * S;
      for (int32_t b = 0; b < m; b++) sp[b] = -fabsf(z[r + b]);
      net->softplus(sp, sp, (size_t)m, NULL); /* log(1 + exp(-|z|)), SIMD kernel */
      for (int32_t b = 0; b < m; b++) {
        float zz = z[r + b];
        lsum += (double)((zz > 0.0f ? zz : 0.0f) - zz * y[r + b] + sp[b]);
        csum += ((a[r + b] > 0.5f) == (y[r + b] > 0.5f)) ? 1.0 : 0.0;
        if (dz) dz[r + b] = (a[r + b] - y[r + b]) * g;
      }
    }
    lsum /= K;
    csum /= K;
  } else if (net->loss == GL_LOSS_CCE) {
    /* l = -sum_k y_k log s_k with log s_k = z_k - max - log sum exp(z - max);
     * dl/dz_k = s_k sum_j y_j - y_k  (= s - y for one-hot y). */
    float g = (float)scale;
    for (int32_t b = 0; b < m; b++) {
      double mx = -INFINITY, se = 0.0, ys = 0.0, l = 0.0;
      int32_t pa = 0, ya = 0;
      for (int32_t k = 0; k < K; k++) {
        size_t i = (size_t)k * S + b;
        if (z[i] > mx) mx = z[i];
        if (a[i] > a[(size_t)pa * S + b]) pa = k;
        if (y[i] > y[(size_t)ya * S + b]) ya = k;
      }
      for (int32_t k = 0; k < K; k++) se += exp((double)z[(size_t)k * S + b] - mx);
      double lse = log(se);
      for (int32_t k = 0; k < K; k++) {
        size_t i = (size_t)k * S + b;
        ys += y[i];
        if (y[i] != 0.0f) l -= (double)y[i] * ((double)z[i] - mx - lse);
      }
      lsum += l;
      csum += pa == ya ? 1.0 : 0.0;
      if (dz) {
        float fys = (float)ys;
        for (int32_t k = 0; k < K; k++) {
          size_t i = (size_t)k * S + b;
          dz[i] = (a[i] * fys - y[i]) * g;
        }
      }
    }
  } else { /* MSE: l = mean_k (a - y)^2, dl/da = 2 (a - y) / K, then through f' */
    float g = (float)(2.0 * scale / K);
    for (int32_t b = 0; b < m; b++) {
      double l = 0.0;
      int32_t pa = 0, ya = 0;
      for (int32_t k = 0; k < K; k++) {
        size_t i = (size_t)k * S + b;
        double e = (double)a[i] - (double)y[i];
        l += e * e;
        if (a[i] > a[(size_t)pa * S + b]) pa = k;
        if (y[i] > y[(size_t)ya * S + b]) ya = k;
        if (dz) dz[i] = (a[i] - y[i]) * g;
      }
      lsum += l / K;
      if (K > 1) csum += pa == ya ? 1.0 : 0.0;
      else csum += fabs((double)a[b] - (double)y[b]) < 0.5 ? 1.0 : 0.0;
    }
  }
  if (dz) zero_pad(dz, K, m, S);
  *loss_sum += lsum;
  *correct += csum;
}

/* Backward over one chunk: d0 holds dL/dz (MSE: dL/da) of the output layer.
 * Accumulates into grads; updates the unit flags when `flags`. */
static void net_backward(gl_net *net, int32_t m, int32_t S, int flags) {
  gl_layer *out = &net->layer[net->nlayers - 1];
  float *dcur = net->d0, *dnext = net->d1;
  /* output layer: dz from da for MSE; derivative for the flags */
  if (net->loss == GL_LOSS_MSE || flags) {
    layer_derivative(out, net->tmp, m, S);
    if (net->loss == GL_LOSS_MSE && out->softmax) {
      softmax_fm_backward(dcur, dcur, out->a, out->out, m, S);
      zero_pad(dcur, out->out, m, S);
      if (flags) apply_derivative(net, out, NULL, net->tmp, m, S, 1);
    } else {
      apply_derivative(net, out, net->loss == GL_LOSS_MSE ? dcur : NULL, net->tmp, m, S, flags);
    }
  }
  for (int32_t l = net->nlayers - 1; l >= 0; l--) {
    gl_layer *L = &net->layer[l];
    const float *inp = l ? net->layer[l - 1].a : net->x0;
    dense_backward(l ? dnext : NULL, net->grads + L->kernel_off, net->grads + L->bias_off, dcur,
                   inp, net->params + L->kernel_off, L->in, L->out, S);
    if (l == 0) break;
    gl_layer *P = &net->layer[l - 1];
    if (P->softmax) {
      softmax_fm_backward(dnext, dnext, P->a, P->out, m, S);
      zero_pad(dnext, P->out, m, S);
      if (flags) { layer_derivative(P, net->tmp, m, S); apply_derivative(net, P, NULL, net->tmp, m, S, 1); }
    } else {
      layer_derivative(P, net->tmp, m, S);
      apply_derivative(net, P, dnext, net->tmp, m, S, flags);
    }
    float *t = dcur; dcur = dnext; dnext = t;
  }
}

/* Gather samples idx[0..m) (or start..start+m when idx is NULL) of X and Y
 * into x0, y0, feature-major with padding zeroed. Y may be NULL. */
static void gather(gl_net *net, const float *X, const float *Y, const int32_t *idx, int32_t start,
                   int32_t m, int32_t S) {
  const int32_t I = net->inputs, K = net->outputs;
  for (int32_t b = 0; b < m; b++) {
    size_t s = (size_t)(idx ? idx[start + b] : start + b);
    const float *xr = X + s * I;
    for (int32_t i = 0; i < I; i++) net->x0[(size_t)i * S + b] = xr[i];
    if (Y) {
      const float *yr = Y + s * K;
      for (int32_t k = 0; k < K; k++) net->y0[(size_t)k * S + b] = yr[k];
    }
  }
  zero_pad(net->x0, I, m, S);
  if (Y) zero_pad(net->y0, K, m, S);
}

/* Loss (sum over samples) and, when grad, gradient of (sum of losses)*scale
 * accumulated into grads, over samples [start, start+count) of the order idx. */
static int accumulate(gl_net *net, const float *X, const float *Y, const int32_t *idx, int32_t start,
                      int32_t count, double scale, int grad, int flags, double *loss_sum, double *correct) {
  for (int32_t c = 0; c < count; c += net->cap) {
    int32_t m = count - c < net->cap ? count - c : net->cap, S = pad4(m);
    gather(net, X, Y, idx, start + c, m, S);
    net_forward(net, m, S);
    loss_head(net, m, S, scale, grad ? net->d0 : NULL, loss_sum, correct);
    if (grad) net_backward(net, m, S, flags);
  }
  return isfinite(*loss_sum);
}

/* ---- initialisers ------------------------------------------------------- */

/* Keras TruncatedNormal(0, stddev): redraw values beyond two stddevs. */
static double trunc_normal(gl_rng *r, double stddev) {
  for (;;) {
    double z = gl_rng_normal(r);
    if (fabs(z) <= 2.0) return z * stddev;
  }
}

static void init_kernel(gl_rng *r, float *w, int32_t fi, int32_t fo, int32_t init, float a, float b) {
  size_t n = (size_t)fi * (size_t)fo;
  double limit = 0.0, sd = 0.0;
  switch (init) {
  case GL_INIT_GLOROT_UNIFORM: limit = sqrt(6.0 / (fi + fo)); break;
  case GL_INIT_HE_UNIFORM: limit = sqrt(6.0 / fi); break;
  case GL_INIT_LECUN_UNIFORM: limit = sqrt(3.0 / fi); break;
  case GL_INIT_GLOROT_NORMAL: sd = sqrt(2.0 / (fi + fo)) / GL_KERAS_TRUNC_STD; break;
  case GL_INIT_HE_NORMAL: sd = sqrt(2.0 / fi) / GL_KERAS_TRUNC_STD; break;
  case GL_INIT_LECUN_NORMAL: sd = sqrt(1.0 / fi) / GL_KERAS_TRUNC_STD; break;
  default: break;
  }
  for (size_t i = 0; i < n; i++) {
    double x;
    switch (init) {
    case GL_INIT_ZEROS: x = 0.0; break;
    case GL_INIT_RANDOM_UNIFORM: x = (double)a + ((double)b - (double)a) * gl_rng_uniform(r); break;
    case GL_INIT_RANDOM_NORMAL: x = (double)a + (double)b * gl_rng_normal(r); break;
    case GL_INIT_GLOROT_UNIFORM: case GL_INIT_HE_UNIFORM: case GL_INIT_LECUN_UNIFORM:
      x = limit * (2.0 * gl_rng_uniform(r) - 1.0); break;
    default: x = trunc_normal(r, sd); break;
    }
    w[i] = (float)x;
  }
}

/* Max of |f'| over [-20, 20] on a grid of step 1/64 (0 included): the scale
 * of "saturated" (f' < 1% of it). 2561 derivative evaluations per layer. */
static float derivative_max(const gl_layer *L) {
  if (L->softmax) return 0.25f;
  float xs[512], ds[512], mx = 0.0f;
  for (int32_t base = -1280; base <= 1280; base += 512) {
    int32_t k = 0;
    for (; k < 512 && base + k <= 1280; k++) xs[k] = (float)(base + k) * 0.015625f;
    L->der(xs, ds, (size_t)k, &L->ap);
    for (int32_t i = 0; i < k; i++) if (fabsf(ds[i]) > mx) mx = fabsf(ds[i]);
  }
  return mx;
}

/* ---- create / destroy --------------------------------------------------- */

static size_t up4(size_t n) { return (n + 3) & ~(size_t)3; }

GL_API int32_t gl_net_create(gl_net **out, int32_t inputs, int32_t nlayers,
                             const int32_t *units, const int32_t *activations,
                             const float *alphas, const int32_t *inits,
                             const float *init_a, const float *init_b,
                             const float *bias_init, int32_t loss, uint32_t seed) {
  if (!out) return GL_ERR_NULL;
  *out = NULL;
  if (!units || !activations) return GL_ERR_NULL;
  if (inputs < 1 || inputs > GL_MAX_UNITS) return GL_ERR_SIZE;
  if (nlayers < 1 || nlayers > GL_MAX_LAYERS) return GL_ERR_SIZE;
  if (loss < 0 || loss >= GL_LOSS_COUNT) return GL_ERR_LOSS;
  int32_t softmax_id = gl_activation_lookup("softmax"), sigmoid_id = gl_activation_lookup("sigmoid");
  gl_vfn softplus = gl_act_forward_kernel(gl_activation_lookup("softplus"));
  if (softmax_id < 0 || sigmoid_id < 0 || !softplus) return GL_ERR_ACTIVATION; /* registry incomplete */
  gl_layer tmp_layers[GL_MAX_LAYERS];
  int64_t nparams = 0, total_units = 0;
  int32_t max_units = inputs, fan_in = inputs;
  for (int32_t l = 0; l < nlayers; l++) {
    gl_layer *L = &tmp_layers[l];
    memset(L, 0, sizeof *L);
    if (units[l] < 1 || units[l] > GL_MAX_UNITS) return GL_ERR_SIZE;
    if (activations[l] < 0 || activations[l] >= GL_ACT_COUNT) return GL_ERR_ACTIVATION;
    float alpha = alphas ? alphas[l] : NAN;
    if (gl_act_params_make(activations[l], alpha, &L->ap) != GL_OK) return GL_ERR_PARAM;
    int32_t init = inits ? inits[l] : GL_INIT_GLOROT_UNIFORM;
    if (init < 0 || init >= GL_INIT_COUNT) return GL_ERR_INIT;
    float ia = init_a ? init_a[l] : (init == GL_INIT_RANDOM_UNIFORM ? -0.05f : 0.0f);
    float ib = init_b ? init_b[l] : 0.05f;
    if (init == GL_INIT_RANDOM_UNIFORM && !(isfinite(ia) && isfinite(ib) && ia <= ib)) return GL_ERR_PARAM;
    /* |N(0,1)| from Box-Muller stays below 8.6, so |mean| + 9 std <= FLT_MAX
     * keeps every weight finite */
    if (init == GL_INIT_RANDOM_NORMAL &&
        !(isfinite(ia) && isfinite(ib) && ib >= 0.0f && fabs((double)ia) + 9.0 * (double)ib <= (double)FLT_MAX))
      return GL_ERR_PARAM;
    if (bias_init && !isfinite(bias_init[l])) return GL_ERR_PARAM;
    L->in = fan_in;
    L->out = units[l];
    L->act = activations[l];
    L->softmax = activations[l] == softmax_id;
    L->fwd = gl_act_forward_kernel(L->act);
    L->der = gl_act_derivative_kernel(L->act);
    if (!L->fwd || !L->der) return GL_ERR_ACTIVATION;
    L->kernel_off = (int32_t)0; /* set below, once the total is known to fit */
    nparams += (int64_t)fan_in * units[l] + units[l];
    if (nparams > GL_MAX_PARAMS) return GL_ERR_SIZE;
    L->unit_off = (int32_t)total_units;
    total_units += units[l];
    if (units[l] > max_units) max_units = units[l];
    fan_in = units[l];
  }
  int32_t last_act = activations[nlayers - 1];
  if (loss == GL_LOSS_BCE && last_act != sigmoid_id) return GL_ERR_OUTPUT;
  if (loss == GL_LOSS_CCE && last_act != softmax_id) return GL_ERR_OUTPUT;

  /* chunk size from the workspace budget */
  int32_t outputs = units[nlayers - 1];
  size_t per_sample = (size_t)inputs + (size_t)outputs + 2u * (size_t)total_units + 3u * (size_t)max_units;
  size_t cap = GL_NET_WORKSPACE_BYTES / (sizeof(float) * per_sample);
  if (cap > GL_NET_CHUNK) cap = GL_NET_CHUNK;
  cap &= ~(size_t)3;
  if (cap < 4) cap = 4;

  size_t P = up4((size_t)nparams);
  size_t flags = up4(((size_t)total_units + 3) / 4); /* bytes as floats */
  size_t total = 5 * P + cap * (up4((size_t)inputs) + up4((size_t)outputs) + 3 * (size_t)max_units) +
                 2 * cap * (size_t)total_units + 2 * flags + 4;
  if (total > ((size_t)1 << 29)) return GL_ERR_NOMEM; /* 2 GB of floats */

  gl_net *net = calloc(1, sizeof *net);
  if (!net) return GL_ERR_NOMEM;
  float *arena = calloc(total, sizeof(float));
  if (!arena) { free(net); return GL_ERR_NOMEM; }
  net->arena = arena;
  net->inputs = inputs;
  net->outputs = outputs;
  net->nlayers = nlayers;
  net->loss = loss;
  net->nparams = (int32_t)nparams;
  net->cap = (int32_t)cap;
  net->max_units = max_units;
  net->total_units = (int32_t)total_units;
  float *p = arena;
  net->params = p; p += P;
  net->grads = p; p += P;
  net->m = p; p += P;
  net->v = p; p += P;
  net->backup = p; p += P;
  net->x0 = p; p += cap * up4((size_t)inputs);
  net->y0 = p; p += cap * up4((size_t)outputs);
  net->d0 = p; p += cap * (size_t)max_units;
  net->d1 = p; p += cap * (size_t)max_units;
  net->tmp = p; p += cap * (size_t)max_units;
  int32_t off = 0;
  for (int32_t l = 0; l < nlayers; l++) {
    gl_layer *L = &net->layer[l];
    *L = tmp_layers[l];
    L->kernel_off = off; off += L->in * L->out;
    L->bias_off = off; off += L->out;
    L->z = p; p += cap * (size_t)L->out;
    L->a = p; p += cap * (size_t)L->out;
  }
  net->alive = (uint8_t *)p; p += flags;
  net->unsat = (uint8_t *)p; p += flags;

  gl_rng r;
  gl_rng_seed(&r, seed, GL_NET_INIT_STREAM);
  for (int32_t l = 0; l < nlayers; l++) {
    gl_layer *L = &net->layer[l];
    int32_t init = inits ? inits[l] : GL_INIT_GLOROT_UNIFORM;
    float ia = init_a ? init_a[l] : (init == GL_INIT_RANDOM_UNIFORM ? -0.05f : 0.0f);
    float ib = init_b ? init_b[l] : 0.05f;
    init_kernel(&r, net->params + L->kernel_off, L->in, L->out, init, ia, ib);
    float bv = bias_init ? bias_init[l] : 0.0f;
    for (int32_t o = 0; o < L->out; o++) net->params[L->bias_off + o] = bv;
    L->dmax = derivative_max(L);
  }
  if (!all_finite(net->params, (size_t)nparams)) { /* e.g. random_normal with std 1e38 */
    gl_net_destroy(net);
    return GL_ERR_PARAM;
  }
  net->softplus = softplus;
  gl_rng_seed(&net->shuffle_rng, seed, GL_NET_SHUFFLE_STREAM);
  /* default optimiser: Keras SGD(0.01), no momentum */
  net->opt = GL_OPT_SGD;
  net->lr = 0.01f;
  net->beta1 = 0.9f;
  net->beta2 = 0.999f;
  net->eps = 1e-7f;
  *out = net;
  return GL_OK;
}

GL_API void gl_net_destroy(gl_net *net) {
  if (!net) return;
  free(net->perm);
  free(net->arena);
  free(net);
}

GL_API int32_t gl_net_inputs(const gl_net *net) { return net ? net->inputs : 0; }
GL_API int32_t gl_net_outputs(const gl_net *net) { return net ? net->outputs : 0; }
GL_API int32_t gl_net_layer_count(const gl_net *net) { return net ? net->nlayers : 0; }
GL_API int32_t gl_net_param_count(const gl_net *net) { return net ? net->nparams : 0; }
GL_API float *gl_net_params(gl_net *net) { return net ? net->params : NULL; }
GL_API float *gl_net_grads(gl_net *net) { return net ? net->grads : NULL; }
GL_API int32_t gl_net_kernel_offset(const gl_net *net, int32_t layer) {
  return net && layer >= 0 && layer < net->nlayers ? net->layer[layer].kernel_off : -1;
}
GL_API int32_t gl_net_bias_offset(const gl_net *net, int32_t layer) {
  return net && layer >= 0 && layer < net->nlayers ? net->layer[layer].bias_off : -1;
}

/* ---- optimisers ----------------------------------------------------------- */

static int unit_interval(float x) { return isfinite(x) && x >= 0.0f && x < 1.0f; }

GL_API int32_t gl_net_set_optimizer(gl_net *net, int32_t type, float lr,
                                    float momentum, int32_t nesterov,
                                    float beta1, float beta2, float eps,
                                    float l1, float l2) {
  if (!net) return GL_ERR_NULL;
  if (type < 0 || type >= GL_OPT_COUNT) return GL_ERR_OPTIMIZER;
  if (!(isfinite(lr) && lr > 0.0f)) return GL_ERR_PARAM;
  if (!(isfinite(l1) && l1 >= 0.0f && isfinite(l2) && l2 >= 0.0f)) return GL_ERR_PARAM;
  if (type == GL_OPT_SGD && !unit_interval(momentum)) return GL_ERR_PARAM;
  if (type == GL_OPT_ADAM && !(unit_interval(beta1) && unit_interval(beta2))) return GL_ERR_PARAM;
  if (type == GL_OPT_RMSPROP && !(unit_interval(beta2) && unit_interval(momentum))) return GL_ERR_PARAM;
  if (type != GL_OPT_SGD && !(isfinite(eps) && eps > 0.0f)) return GL_ERR_PARAM;
  net->opt = type;
  net->lr = lr;
  net->momentum = type == GL_OPT_ADAM ? 0.0f : momentum;
  net->nesterov = type == GL_OPT_SGD && nesterov != 0;
  net->beta1 = beta1;
  net->beta2 = beta2;
  net->eps = eps;
  net->l1 = l1;
  net->l2 = l2;
  net->steps = 0;
  memset(net->m, 0, sizeof(float) * (size_t)net->nparams);
  memset(net->v, 0, sizeof(float) * (size_t)net->nparams);
  return GL_OK;
}

/* One optimiser step on w[n] with gradient g[n] (+ the L1/L2 penalty gradient
 * l1 sign(w) + 2 l2 w when pen), state m[n], v[n]. Keras' update rules:
 *  sgd:     m = mom m - lr g; w += m      (nesterov: w += mom m - lr g;
 *           mom = 0: w -= lr g)
 *  adam:    m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
 *           w -= alpha m / (sqrt(v) + eps), alpha = lr sqrt(1 - b2^t) / (1 - b1^t)
 *  rmsprop: v = rho v + (1 - rho) g^2; inc = lr g / sqrt(v + eps);
 *           with momentum: m = mom m + inc; w -= m; else w -= inc
 * The vector body and the scalar tail do the same IEEE operations in the same
 * order (sqrt and division are correctly rounded), so results do not depend
 * on where the tail starts. */
typedef struct gl_upd {
  int opt, nesterov, penalty;
  float lr, mom, l1, l2x2, b1c, b2c, eps, rho, rhoc, alpha;
} gl_upd;

static inline float upd_scalar(const gl_upd *u, float *w, float g, float *m, float *v) {
  float x = *w;
  if (u->penalty) g = g + (u->l1 * (float)((x > 0.0f) - (x < 0.0f)) + u->l2x2 * x);
  if (u->opt == GL_OPT_SGD) {
    if (u->mom == 0.0f) return x - u->lr * g;
    float mm = u->mom * *m - u->lr * g;
    *m = mm;
    return u->nesterov ? x + (u->mom * mm - u->lr * g) : x + mm;
  }
  if (u->opt == GL_OPT_ADAM) {
    float mm = *m + (g - *m) * u->b1c, vv = *v + (g * g - *v) * u->b2c;
    *m = mm; *v = vv;
    return x - (u->alpha * mm) / (sqrtf(vv) + u->eps);
  }
  float vv = u->rho * *v + u->rhoc * (g * g);
  *v = vv;
  float inc = (u->lr * g) / sqrtf(vv + u->eps);
  if (u->mom > 0.0f) { float mm = u->mom * *m + inc; *m = mm; return x - mm; }
  return x - inc;
}

static void update_slice(const gl_upd *u, float *w, const float *g0, float *m, float *v, size_t n) {
  size_t i = 0;
#ifndef GL_SIMD_EMULATED
  const v128_t lr = wasm_f32x4_splat(u->lr), mom = wasm_f32x4_splat(u->mom), zero = wasm_f32x4_splat(0.0f);
  const v128_t one = wasm_f32x4_splat(1.0f), l1 = wasm_f32x4_splat(u->l1), l2x2 = wasm_f32x4_splat(u->l2x2);
  const v128_t b1c = wasm_f32x4_splat(u->b1c), b2c = wasm_f32x4_splat(u->b2c), eps = wasm_f32x4_splat(u->eps);
  const v128_t rho = wasm_f32x4_splat(u->rho), rhoc = wasm_f32x4_splat(u->rhoc), alpha = wasm_f32x4_splat(u->alpha);
  for (; i + 4 <= n; i += 4) {
    v128_t x = wasm_v128_load(w + i), g = wasm_v128_load(g0 + i), r;
    if (u->penalty) {
      v128_t sgn = wasm_f32x4_sub(wasm_v128_and(wasm_f32x4_gt(x, zero), one), wasm_v128_and(wasm_f32x4_lt(x, zero), one));
      g = wasm_f32x4_add(g, wasm_f32x4_add(wasm_f32x4_mul(l1, sgn), wasm_f32x4_mul(l2x2, x)));
    }
    if (u->opt == GL_OPT_SGD) {
      if (u->mom == 0.0f) {
        r = wasm_f32x4_sub(x, wasm_f32x4_mul(lr, g));
      } else {
        v128_t mm = wasm_f32x4_sub(wasm_f32x4_mul(mom, wasm_v128_load(m + i)), wasm_f32x4_mul(lr, g));
        wasm_v128_store(m + i, mm);
        r = u->nesterov ? wasm_f32x4_add(x, wasm_f32x4_sub(wasm_f32x4_mul(mom, mm), wasm_f32x4_mul(lr, g)))
                        : wasm_f32x4_add(x, mm);
      }
    } else if (u->opt == GL_OPT_ADAM) {
      v128_t m0 = wasm_v128_load(m + i), v0 = wasm_v128_load(v + i);
      v128_t mm = wasm_f32x4_add(m0, wasm_f32x4_mul(wasm_f32x4_sub(g, m0), b1c));
      v128_t vv = wasm_f32x4_add(v0, wasm_f32x4_mul(wasm_f32x4_sub(wasm_f32x4_mul(g, g), v0), b2c));
      wasm_v128_store(m + i, mm);
      wasm_v128_store(v + i, vv);
      r = wasm_f32x4_sub(x, wasm_f32x4_div(wasm_f32x4_mul(alpha, mm), wasm_f32x4_add(wasm_f32x4_sqrt(vv), eps)));
    } else {
      v128_t vv = wasm_f32x4_add(wasm_f32x4_mul(rho, wasm_v128_load(v + i)), wasm_f32x4_mul(rhoc, wasm_f32x4_mul(g, g)));
      wasm_v128_store(v + i, vv);
      v128_t inc = wasm_f32x4_div(wasm_f32x4_mul(lr, g), wasm_f32x4_sqrt(wasm_f32x4_add(vv, eps)));
      if (u->mom > 0.0f) {
        v128_t mm = wasm_f32x4_add(wasm_f32x4_mul(mom, wasm_v128_load(m + i)), inc);
        wasm_v128_store(m + i, mm);
        r = wasm_f32x4_sub(x, mm);
      } else {
        r = wasm_f32x4_sub(x, inc);
      }
    }
    wasm_v128_store(w + i, r);
  }
#endif
  for (; i < n; i++) w[i] = upd_scalar(u, &w[i], g0[i], &m[i], &v[i]);
}

/* Apply one step to all parameters; on a non-finite weight restore the
 * previous weights, reset the optimiser state and return 0. */
static int optimizer_step(gl_net *net) {
  size_t P = (size_t)net->nparams;
  memcpy(net->backup, net->params, sizeof(float) * P);
  net->steps++;
  gl_upd u;
  memset(&u, 0, sizeof u);
  u.opt = net->opt;
  u.nesterov = net->nesterov;
  u.lr = net->lr;
  u.mom = net->momentum;
  u.b1c = 1.0f - net->beta1;
  u.b2c = 1.0f - net->beta2;
  u.eps = net->eps;
  u.rho = net->beta2;
  u.rhoc = 1.0f - net->beta2;
  if (net->opt == GL_OPT_ADAM) {
    double t = (double)net->steps;
    u.alpha = (float)((double)net->lr * sqrt(1.0 - pow((double)net->beta2, t)) /
                      (1.0 - pow((double)net->beta1, t)));
  }
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    size_t k = (size_t)L->kernel_off, nk = (size_t)L->in * (size_t)L->out, b = (size_t)L->bias_off;
    u.penalty = net->l1 != 0.0f || net->l2 != 0.0f;
    u.l1 = net->l1;
    u.l2x2 = 2.0f * net->l2;
    update_slice(&u, net->params + k, net->grads + k, net->m + k, net->v + k, nk);
    u.penalty = 0;
    update_slice(&u, net->params + b, net->grads + b, net->m + b, net->v + b, (size_t)L->out);
  }
  if (all_finite(net->params, P)) return 1;
  memcpy(net->params, net->backup, sizeof(float) * P);
  memset(net->m, 0, sizeof(float) * P);
  memset(net->v, 0, sizeof(float) * P);
  net->steps = 0;
  return 0;
}

/* ---- data checks ---------------------------------------------------------- */

static int32_t check_data(const gl_net *net, const float *X, const float *Y, int32_t n) {
  if (n < 1 || n > GL_MAX_SAMPLES) return GL_ERR_SIZE;
  if ((int64_t)n * net->inputs > GL_MAX_ELEMENTS || (int64_t)n * net->outputs > GL_MAX_ELEMENTS)
    return GL_ERR_SIZE;
  if (!all_finite(X, (size_t)n * (size_t)net->inputs)) return GL_ERR_DATA;
  if (Y) {
    size_t ny = (size_t)n * (size_t)net->outputs;
    if (!all_finite(Y, ny)) return GL_ERR_DATA;
    if (net->loss != GL_LOSS_MSE)
      for (size_t i = 0; i < ny; i++) if (!(Y[i] >= 0.0f && Y[i] <= 1.0f)) return GL_ERR_LABEL;
  }
  return GL_OK;
}

/* ---- public passes -------------------------------------------------------- */

GL_API int32_t gl_net_predict(gl_net *net, const float *X, int32_t n, float *out) {
  if (!net || !X || !out) return GL_ERR_NULL;
  int32_t st = check_data(net, X, NULL, n);
  if (st) return st;
  const int32_t K = net->outputs;
  const gl_layer *L = &net->layer[net->nlayers - 1];
  for (int32_t c = 0; c < n; c += net->cap) {
    int32_t m = n - c < net->cap ? n - c : net->cap, S = pad4(m);
    gather(net, X, NULL, NULL, c, m, S);
    net_forward(net, m, S);
    for (int32_t b = 0; b < m; b++)
      for (int32_t k = 0; k < K; k++) out[(size_t)(c + b) * K + k] = L->a[(size_t)k * S + b];
  }
  return GL_OK;
}

GL_API int32_t gl_net_gradients(gl_net *net, const float *X, const float *Y,
                                int32_t n, float *loss_out) {
  if (!net || !X || !Y) return GL_ERR_NULL;
  int32_t st = check_data(net, X, Y, n);
  if (st) return st;
  memset(net->grads, 0, sizeof(float) * (size_t)net->nparams);
  double loss = 0.0, correct = 0.0;
  accumulate(net, X, Y, NULL, 0, n, 1.0 / n, 1, 0, &loss, &correct);
  if (loss_out) *loss_out = (float)(loss / n);
  return GL_OK;
}

GL_API int32_t gl_net_evaluate(gl_net *net, const float *X, const float *Y,
                               int32_t n, float *loss_out, float *acc_out) {
  if (!net || !X || !Y) return GL_ERR_NULL;
  int32_t st = check_data(net, X, Y, n);
  if (st) return st;
  double loss = 0.0, correct = 0.0;
  accumulate(net, X, Y, NULL, 0, n, 1.0 / n, 0, 0, &loss, &correct);
  if (loss_out) *loss_out = (float)(loss / n);
  if (acc_out) *acc_out = (float)(correct / n);
  return GL_OK;
}

GL_API int32_t gl_net_train_epoch(gl_net *net, const float *X, const float *Y,
                                  int32_t n, int32_t batch, int32_t shuffle,
                                  float *stats) {
  if (!net || !X || !Y || !stats) return GL_ERR_NULL;
  if (batch < 1 || batch > GL_MAX_BATCH) return GL_ERR_SIZE;
  int32_t st = check_data(net, X, Y, n);
  if (st) return st;
  if (n > net->perm_cap) {
    int32_t *p = malloc(sizeof(int32_t) * (size_t)n);
    if (!p) return GL_ERR_NOMEM;
    free(net->perm);
    net->perm = p;
    net->perm_cap = n;
  }
  int32_t *perm = net->perm;
  for (int32_t i = 0; i < n; i++) perm[i] = i;
  if (shuffle)
    for (int32_t i = n - 1; i > 0; i--) {
      int32_t j = (int32_t)gl_rng_below(&net->shuffle_rng, (uint32_t)i + 1u);
      int32_t t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
  const int32_t NL = net->nlayers;
  memset(net->alive, 0, (size_t)net->total_units);
  memset(net->unsat, 0, (size_t)net->total_units);
  double gabs[GL_MAX_LAYERS] = {0}, gnorm[GL_MAX_LAYERS] = {0}, babs[GL_MAX_LAYERS] = {0};
  double loss_sum = 0.0, acc_sum = 0.0;
  int32_t done = 0;
  st = GL_OK;
  for (int32_t s = 0; s < n; s += batch) {
    int32_t bs = n - s < batch ? n - s : batch;
    memset(net->grads, 0, sizeof(float) * (size_t)net->nparams);
    double bl = 0.0, bc = 0.0;
    accumulate(net, X, Y, perm, s, bs, 1.0 / bs, 1, 1, &bl, &bc);
    if (!isfinite((float)(bl / bs))) { st = GL_ERR_DIVERGED; break; } /* incl. overflow of float */
    if (!optimizer_step(net)) { st = GL_ERR_DIVERGED; break; }
    for (int32_t l = 0; l < NL; l++) {
      const gl_layer *L = &net->layer[l];
      double a, q, ba, bq;
      sum_abs_sq(net->grads + L->kernel_off, (size_t)L->in * (size_t)L->out, &a, &q);
      sum_abs_sq(net->grads + L->bias_off, (size_t)L->out, &ba, &bq);
      gabs[l] += a / ((double)L->in * L->out);
      gnorm[l] += sqrt(q);
      babs[l] += ba / L->out;
    }
    loss_sum += bl / bs;
    acc_sum += bc / bs;
    done++;
  }
  double inv = done ? 1.0 / done : 0.0;
  stats[0] = done ? (float)(loss_sum * inv) : NAN;
  stats[1] = done ? (float)(acc_sum * inv) : NAN;
  stats[2] = (float)done;
  for (int32_t l = 0; l < NL; l++) {
    const gl_layer *L = &net->layer[l];
    float *o = stats + GL_EPOCH_HEAD + (size_t)l * GL_LAYER_STATS;
    int32_t dead = 0, sat = 0;
    for (int32_t u = 0; u < L->out; u++) {
      dead += !net->alive[L->unit_off + u];
      sat += !net->unsat[L->unit_off + u];
    }
    double wa, wq;
    sum_abs_sq(net->params + L->kernel_off, (size_t)L->in * (size_t)L->out, &wa, &wq);
    o[0] = (float)(gabs[l] * inv);
    o[1] = (float)(gnorm[l] * inv);
    o[2] = done ? (float)dead / (float)L->out : 0.0f;
    o[3] = done ? (float)sat / (float)L->out : 0.0f;
    o[4] = (float)(babs[l] * inv);
    o[5] = (float)(wa / ((double)L->in * L->out));
  }
  return st;
}

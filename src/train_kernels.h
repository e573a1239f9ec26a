/*
 * train_kernels.h — the trainer's kernels on plain arrays (no gl_net): the
 * dense layer (dense.c), the losses (losses.c), the optimiser step
 * (optimizers.c) and the kernel initialisers (initializers.c), and the small
 * helpers they and the network code share. Internal; not part of the API.
 *
 * Activations inside the trainer are FEATURE-MAJOR: a layer's pre-activation
 * z and activation a are (units, S) with one row of S floats per unit, S the
 * number of samples of the chunk rounded up to a multiple of 4 (pad4). The
 * SIMD lanes therefore run over samples, so a 5-unit layer keeps all four
 * lanes busy just as a 512-unit one does. Padding lanes (samples m..S-1) are
 * kept at zero in every a and dz row, so they add nothing to any gradient.
 */
#ifndef GL_TRAIN_KERNELS_H
#define GL_TRAIN_KERNELS_H

#include "gradlab.h"
#include "simd.h"

#include <math.h>
#include <string.h>

/* ---- sums in a fixed order, and the feature-major layout ------------------- */

/* Sum of the four lanes in a fixed order: (l0 + l2) + (l1 + l3). */
static inline float hsum4(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 2)) +
         (wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 3));
}

/* The four lane sums of a0..a3 as one vector, each in hsum4's order:
 * lane j = (aj[0] + aj[2]) + (aj[1] + aj[3]). */
static inline v128_t hsum4x4(v128_t a0, v128_t a1, v128_t a2, v128_t a3) {
  v128_t s01 = wasm_f32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7));
  v128_t s23 = wasm_f32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5), wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5), wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
}

/* 1 when every x[i] is finite: x*0 is 0 for finite x and NaN otherwise. */
static inline int all_finite(const float *x, size_t n) {
  v128_t acc = wasm_f32x4_splat(0.0f), zero = wasm_f32x4_splat(0.0f);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + i), zero));
  float s = hsum4(acc);
  for (; i < n; i++) s += x[i] * 0.0f;
  return s == 0.0f;
}

/* sum |x| and sum x^2 over x[n] from float lanes sa, sq over x[0..i) (i a
 * multiple of 4): the lanes added as hsum4, then x[i..n) in double; all of
 * x in double when the float lanes overflowed (|x| > ~1e19). */
static inline void gl_abs_sq_finish(v128_t sa, v128_t sq, const float *x, size_t i, size_t n, double *abs_out,
                                    double *sq_out) {
  double a = hsum4(sa), q = hsum4(sq);
  for (; i < n; i++) { a += fabs((double)x[i]); q += (double)x[i] * (double)x[i]; }
  if (!isfinite(a) || !isfinite(q)) {
    a = q = 0.0;
    for (i = 0; i < n; i++) { a += fabs((double)x[i]); q += (double)x[i] * (double)x[i]; }
  }
  *abs_out = a;
  *sq_out = q;
}

/* sum |x| and sum x^2 over x[n]: float lanes, then gl_abs_sq_finish. */
static inline void gl_sum_abs_sq(const float *x, size_t n, double *abs_out, double *sq_out) {
  v128_t sa = wasm_f32x4_splat(0.0f), sq = wasm_f32x4_splat(0.0f);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    sa = wasm_f32x4_add(sa, wasm_f32x4_abs(v));
    sq = wasm_f32x4_add(sq, wasm_f32x4_mul(v, v));
  }
  gl_abs_sq_finish(sa, sq, x, i, n, abs_out, sq_out);
}

static inline int32_t pad4(int32_t m) { return (m + 3) & ~3; }

/* Zero the padding lanes m..S-1 of each of the R rows of x (R, S). */
static inline void zero_pad(float *x, int32_t R, int32_t m, int32_t S) {
  if (m == S) return;
  for (int32_t r = 0; r < R; r++) memset(x + (size_t)r * S + m, 0, sizeof(float) * (size_t)(S - m));
}

/* ---- dense.c: the dense layer ------------------------------------------------ */

/* inp is (IN, S), out is (OUT, S); weight is (IN, OUT) row-major, bias (OUT):
 * out[o][b] = bias[o] + sum_i inp[i][b] weight[i][o], summed over i in
 * increasing order. relu (a hidden relu layer in inference): a = relu(out)
 * is written instead of out, in the same pass. */
void gl_dense_forward(float *out, float *a, int relu, const float *inp, const float *weight,
                      const float *bias, int32_t IN, int32_t OUT, int32_t S);

/* dout is (OUT, S) = dL/dz of the layer; inp (IN, S); weight (IN, OUT);
 * ones holds S ones. dweight (IN + 1, OUT), the kernel gradient and then the
 * bias gradient (as in the arena): += the sums over the S samples (fresh: 0
 * + the sums, without reading the old values). dinp (IN, S) = weight dout
 * (written; skipped when NULL). */
void gl_dense_backward(float *dinp, float *dweight, const float *dout, const float *inp,
                       const float *ones, const float *weight, int32_t IN, int32_t OUT, int32_t S,
                       int fresh);

/* ---- gemm.c: the packed, cache-blocked matrix kernel of the wide layers ------ */

/* gl_gemm_fm packs the weights into panels when S >= GL_GEMM_PACK_S (16
 * sample tiles read them); with fewer samples its tiles read w in place. */
#ifndef GL_GEMM_PACK_S
#define GL_GEMM_PACK_S 256
#endif
/* out (R, S) = (bias ? bias[r] : 0) + sum_k w[r*rs + k*ks] inp[k][b] over k in
 * increasing order (relu: relu of it), inp (K, S), S a multiple of 4: the
 * same result, bit for bit, as dense.c's register-blocked kernel. */
void gl_gemm_fm(float *out, int relu, const float *inp, const float *w, int32_t rs, int32_t ks,
                const float *bias, int32_t R, int32_t K, int32_t S);

/* ---- losses.c: the loss on the output layer --------------------------------- */

/* Loss `loss` (GL_LOSS_*) of a chunk of m samples: z, a (the output layer's
 * pre-activation and activation) and y (the targets) are (K, S). Adds the sum
 * of the per-sample losses to *loss_sum and the number of correct predictions
 * to *correct; when dz != NULL writes dL/dz (MSE: dL/da) for L = sum * scale,
 * padding lanes zeroed. scratch: S floats (BCE). */
void gl_loss_chunk(int32_t loss, const float *z, const float *a, const float *y, int32_t K, int32_t m,
                   int32_t S, double scale, float *dz, float *scratch, double *loss_sum, double *correct);

/* ---- optimizers.c: the optimiser step ------------------------------------------ */

/* Hyper-parameters (gl_net_set_optimizer): sgd: lr, momentum, nesterov; adam:
 * lr, beta1, beta2, eps; rmsprop: lr, rho (beta2), momentum, eps. l1, l2:
 * penalties on the penalised slices (the kernels). */
typedef struct gl_opt_config {
  int32_t type; /* GL_OPT_* */
  int32_t nesterov;
  float lr, momentum, beta1, beta2, eps, l1, l2;
  /* gl_net_set_step_options (0 = off): clip each gradient to
   * [-clip_value, clip_value], then scale all of them by
   * min(1, clip_norm / (|g| + 1e-6)), |g| the L2 norm over every parameter
   * (as torch.nn.utils.clip_grad_value_ / clip_grad_norm_); decoupled weight
   * decay of the penalised slices: w *= 1 - lr weight_decay before the step
   * (AdamW's, applied to every optimiser). */
  float clip_norm, clip_value, weight_decay;
  /* gl_net_set_schedule: the learning rate of step t (1, 2, …) is
   * gl_schedule_lr(c, t) (constant lr when sched = GL_SCHED_CONSTANT and no warm-up) */
  int32_t sched;              /* GL_SCHED_* */
  int64_t warmup, period;     /* warm-up steps; steps per epoch (step, exponential) or of the decay (cosine) */
  float gamma, min_lr;        /* step / exponential factor; cosine's final rate */
} gl_opt_config;

/* *out from gl_net_set_optimizer's arguments when they are valid (Adam's
 * momentum set to 0, nesterov to 0 or 1, for SGD only); else a status and
 * *out untouched. */
int32_t gl_opt_config_make(gl_opt_config *out, int32_t type, float lr, float momentum, int32_t nesterov,
                           float beta1, float beta2, float eps, float l1, float l2);
/* Keras' SGD(0.01) without momentum: a new network's optimiser. */
gl_opt_config gl_opt_config_default(void);
/* Sets c's clipping and weight decay when valid (finite, >= 0; weight_decay
 * <= 1); else GL_ERR_PARAM and c untouched. */
int32_t gl_opt_config_step_options(gl_opt_config *c, float clip_norm, float clip_value, float weight_decay);
/* Sets c's schedule when valid (GL_ERR_PARAM otherwise): type GL_SCHED_*,
 * warm-up steps >= 0, period >= 1 steps, gamma in (0, 1], 0 <= min_lr <= lr. */
int32_t gl_opt_config_schedule(gl_opt_config *c, int32_t type, int64_t warmup, int64_t period, float gamma,
                               float min_lr);
/* The learning rate of step t >= 1 (docs/API.md, Training: schedule):
 * warm-up lr t / W for t <= W; then, u = t - W - 1 steps after it: constant
 * lr; step lr gamma^floor(u / period); exponential lr gamma^(u / period);
 * cosine min_lr + (lr - min_lr) (1 + cos(pi min(u, period) / period)) / 2. */
float gl_schedule_lr(const gl_opt_config *c, int64_t t);

/* A run of n parameters from offset off that one update pass covers (one
 * layer's kernel or bias); penalised: the L1/L2 penalty applies. */
typedef struct gl_param_slice {
  int32_t off, n, penalised;
} gl_param_slice;

/* One optimiser step, step number ++*steps, on the weights w[n] with the
 * gradients g[n] and the state m[n], v[n], visiting the slices in order;
 * backup[n] gets the weights of before. The last n % 4 floats of a slice are
 * one masked vector that reads (and writes back unchanged) up to 3 floats
 * past the slice, which the arrays must hold. gabs[i] and gsq[i] get the sums
 * of |g| and g^2 over slice i (float lanes, then double): the gradient as
 * computed, before clipping (which changes g in place).
 * Returns 1; 0 when a weight became non-finite, after restoring w from backup
 * and resetting m, v and *steps to 0. */
int gl_optimizer_step(const gl_opt_config *c, int64_t *steps, float *w, float *g, float *m, float *v,
                      float *backup, size_t n, const gl_param_slice *slice, int32_t nslices, double *gabs,
                      double *gsq);

/* ---- initializers.c: the kernel initialisers ------------------------------------ */

/* Kernel w[fi][fo] with Keras' initialiser `init` (GL_INIT_*; a, b: the
 * random_uniform / random_normal parameters), drawn from r in row-major
 * order; gain multiplies the limit (random_uniform: a and b) or the
 * standard deviation. */
void gl_init_kernel(gl_rng *r, float *w, int32_t fi, int32_t fo, int32_t init, float a, float b, float gain);

#endif /* GL_TRAIN_KERNELS_H */

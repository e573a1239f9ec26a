/*
 * kernels_scalar.c — one element at a time, with libm float functions where a
 * function needs them (expf, expm1f, log1pf, tanhf; gelu uses double erfc,
 * see below). These are the "scalar wasm" baseline of the benchmarks and a
 * second, independent implementation for the tests. Formulas are chosen to
 * avoid cancellation (e.g. sigmoid from exp(-|x|), tanh' = 4e/(1+e)^2).
 * In place (x == y) is fine: each y[i] is written after x[i] is read.
 */
#include <math.h>
#include <stdint.h>

#include "activations.h"

#define GL_SCALAR_KERNEL(fn, expr)                                            \
  void fn(const float *x, float *y, size_t n, const gl_act_params *p) {       \
    (void)p;                                                                  \
    for (size_t i = 0; i < n; i++) {                                          \
      const float v = x[i];                                                   \
      y[i] = (expr);                                                          \
    }                                                                         \
  }

static inline float alpha_of(const gl_act_params *p, float def) { return p ? p->alpha : def; }

/* keeps NaN: v > 0 ? a : (v is NaN ? v : b) */
#define GL_POS_(v, a, b) ((v) > 0.0f ? (a) : ((v) != (v) ? (v) : (b)))

/* ---- linear, step, relu, leaky_relu ---------------------------------------- */
GL_SCALAR_KERNEL(f32_vlinear__scalar_copy, v)
GL_SCALAR_KERNEL(f32_vlineard__scalar_one, v != v ? v : 1.0f)
GL_SCALAR_KERNEL(f32_vstep__scalar_cmp, GL_POS_(v, 1.0f, 0.0f))
GL_SCALAR_KERNEL(f32_vstepd__scalar_zero, v != v ? v : 0.0f)
GL_SCALAR_KERNEL(f32_vrelu__scalar_cmp, GL_POS_(v, v, 0.0f))
GL_SCALAR_KERNEL(f32_vrelud__scalar_cmp, GL_POS_(v, 1.0f, 0.0f))

void f32_vleakyrelu__scalar_select(const float *x, float *y, size_t n, const gl_act_params *p) {
  const float a = alpha_of(p, 0.01f);
  for (size_t i = 0; i < n; i++) {
    const float v = x[i];
    y[i] = v > 0.0f ? v : (a == 0.0f && isinf(v) ? -0.0f : a * v); /* 0 * -inf: the limit -0 */
  }
}
void f32_vleakyrelud__scalar_select(const float *x, float *y, size_t n, const gl_act_params *p) {
  const float a = alpha_of(p, 0.01f);
  for (size_t i = 0; i < n; i++) { const float v = x[i]; y[i] = GL_POS_(v, 1.0f, a); }
}

static inline float clamp200(float v) { return v < -200.0f ? -200.0f : (v > 200.0f ? 200.0f : v); }

/* ---- sigmoid family: e = exp(-|x|) never overflows ------------------------- */
static inline float sigmoid1_e(float v, float e) {
  return (v >= 0.0f ? 1.0f : e) / (1.0f + e); /* NaN: e is NaN */
}
static inline float sigmoid1(float v) { return sigmoid1_e(v, expf(-fabsf(v))); }
/* num / (1 + e)^2 with the rounding error of d = 1 + e corrected (see vmath.h) */
static inline float div_sq_1pe(float num, float e) {
  const float d = 1.0f + e, dl = e - (d - 1.0f), q = num / d / d;
  return q - q * ((dl + dl) / d);
}
static inline float sigmoid_d1(float v) {
  const float e = expf(-fabsf(v));
  return div_sq_1pe(e, e); /* s (1 - s) = e / (1 + e)^2, even in x */
}
GL_SCALAR_KERNEL(f32_vsigmoid__scalar_expf_div, sigmoid1(v))
GL_SCALAR_KERNEL(f32_vsigmoidd__scalar_expf_div, sigmoid_d1(v))

/* ---- tanh: libm; derivative 1 - t^2 = 4e / (1 + e)^2, e = exp(-2|x|) -------- */
GL_SCALAR_KERNEL(f32_vtanh__scalar_tanhf, tanhf(v))
static inline float tanh_d1(float v) {
  const float e = expf(-2.0f * fabsf(v));
  return div_sq_1pe(4.0f * e, e);
}
GL_SCALAR_KERNEL(f32_vtanhd__scalar_expf_div, tanh_d1(v))

/* ---- elu, selu ---------------------------------------------------------- */
#define GL_SELU_ALPHA 1.6732632423543772f
#define GL_SELU_LAMBDA 1.0507009873554805f
#define GL_SELU_LA 1.7580993408473766f /* lambda * alpha */
void f32_velu__scalar_expm1f(const float *x, float *y, size_t n, const gl_act_params *p) {
  const float a = alpha_of(p, 1.0f);
  for (size_t i = 0; i < n; i++) { const float v = x[i]; y[i] = v > 0.0f ? v : a * expm1f(v); }
}
void f32_velud__scalar_expf(const float *x, float *y, size_t n, const gl_act_params *p) {
  const float a = alpha_of(p, 1.0f);
  for (size_t i = 0; i < n; i++) { const float v = x[i]; y[i] = v > 0.0f ? 1.0f : a * expf(v); }
}
GL_SCALAR_KERNEL(f32_vselu__scalar_expm1f, v > 0.0f ? GL_SELU_LAMBDA * v : GL_SELU_LA * expm1f(v))
GL_SCALAR_KERNEL(f32_vselud__scalar_expf, v > 0.0f ? GL_SELU_LAMBDA : GL_SELU_LA * expf(v))

/* ---- softplus = max(x, 0) + log1p(exp(-|x|)) ------------------------------ */
static inline float softplus1_e(float v, float e) {
  const float m = v > 0.0f ? v : 0.0f;
  return m + log1pf(e); /* NaN: expf(NaN) = NaN */
}
static inline float softplus1(float v) { return softplus1_e(v, expf(-fabsf(v))); }
GL_SCALAR_KERNEL(f32_vsoftplus__scalar_log1pf_expf, softplus1(v))

/* ---- softsign, hard_sigmoid ------------------------------------------------ */
static inline float softsign1(float v) {
  if (isinf(v)) return v > 0.0f ? 1.0f : -1.0f;
  return v / (1.0f + fabsf(v));
}
static inline float softsign_d1(float v) {
  const float r = 1.0f / (1.0f + fabsf(v));
  return r * r;
}
GL_SCALAR_KERNEL(f32_vsoftsign__scalar_div, softsign1(v))
GL_SCALAR_KERNEL(f32_vsoftsignd__scalar_div, softsign_d1(v))
static inline float hard_sigmoid1(float v) {
  if (v != v) return v;
  float t = v + 3.0f;
  t = t < 0.0f ? 0.0f : (t > 6.0f ? 6.0f : t);
  return t / 6.0f;
}
GL_SCALAR_KERNEL(f32_vhardsigmoid__scalar_clamp_div, hard_sigmoid1(v))
GL_SCALAR_KERNEL(f32_vhardsigmoidd__scalar_cmp,
                 v != v ? v : ((v > -3.0f && v < 3.0f) ? 1.0f / 6.0f : 0.0f))


/* ---- swish = x s(x); s' form s (1 + x (1 - s)) with 1 - s = s(-x) ----------- */
static inline float swish1_e(float v, float e) {
  const float s = (v >= 0.0f ? 1.0f : e) / (1.0f + e);
  return (v < -200.0f ? -200.0f : v) * s; /* -inf * 0 would be NaN: limit is -0 */
}
static inline float swish_d1_e(float v, float e) {
  /* x >= 0: (d + x e) / d^2; x < 0: e (d + x) / d^2 (no 1 - s formed) */
  const float d = 1.0f + e, vc = clamp200(v); /* +-inf * 0 */
  const float num = v >= 0.0f ? d + vc * e : e * (d + vc);
  return div_sq_1pe(num, e);
}
static inline float swish1(float v) { return swish1_e(v, expf(-fabsf(v))); }
static inline float swish_d1(float v) { return swish_d1_e(v, expf(-fabsf(v))); }
GL_SCALAR_KERNEL(f32_vswish__scalar_expf_div, swish1(v))
GL_SCALAR_KERNEL(f32_vswishd__scalar_expf_div, swish_d1(v))

/* ---- gelu = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2 ------------------------
 * In float, erfcf(-x/sqrt2) loses ~2t^2 ulp to the rounding of t = -x/sqrt2
 * (t ~ 9: 160 ulp), so this baseline evaluates Phi in double (libm erfc) and
 * rounds once. phi(x) = exp(-x^2/2)/sqrt(2 pi) likewise. */
/* erfc(-x / sqrt2) for x clamped to +-200 (2 or 0 beyond: no difference) */
static inline double gelu_erfc(float v) { return erfc(-(double)clamp200(v) * 0.70710678118654752440); }
static inline float gelu1_e(float v, double ec) {
  if (v < -200.0f) return -0.0f;
  return (float)((double)v * 0.5 * ec);
}
static inline float gelu_d1_e(float v, double ec) {
  const double xd = clamp200(v);
  const double cdf = 0.5 * ec;
  const double pdf = exp(-0.5 * xd * xd) * 0.39894228040143267794;
  return (float)(cdf + xd * pdf);
}
static inline float gelu1(float v) { return gelu1_e(v, gelu_erfc(v)); }
static inline float gelu_d1(float v) { return gelu_d1_e(v, gelu_erfc(v)); }
GL_SCALAR_KERNEL(f32_vgelu__scalar_erfc, gelu1(v))
GL_SCALAR_KERNEL(f32_vgelud__scalar_erfc_exp, gelu_d1(v))

/* ---- mish = x tanh(softplus(x)) ---------------------------------------------
 * e = exp(-|x|), a = 1 + e. x <= 0: n = e (e + 2), d = n + 2, tanh(sp) = n / d,
 * mish' = e ((e + 2) d + 4 x a) / d^2; x > 0: n' = 1 + 2e, d' = n' + 2e^2,
 * tanh(sp) = n' / d', mish' = (n' d' + 4 x e^2 a) / d'^2 (derivation beside
 * the SIMD kernel). All in double (libm exp), rounded once: in float the
 * roundings of these steps add up to ~4 ulp. */
static inline double mish_e(float v) { return exp(-fabs((double)v)); }
static inline float mish1_e(float v, double e) {
  const double xd = v < -200.0f ? -200.0 : v;
  double t;
  if (v > 0.0f) {
    const double np = 1.0 + 2.0 * e;
    t = np / (np + 2.0 * e * e);
  } else {
    const double n = e * (e + 2.0);
    t = n / (n + 2.0);
  }
  return (float)(xd * t);
}
static inline float mish_d1_e(float v, double e) {
  const double a = 1.0 + e, vc = clamp200(v);
  if (v > 0.0f) {
    const double e2 = e * e, np = 1.0 + 2.0 * e, dp = np + 2.0 * e2;
    return (float)((np * dp + 4.0 * vc * a * e2) / (dp * dp));
  }
  const double b = e + 2.0, d = e * b + 2.0;
  return (float)(e * (b * d + 4.0 * vc * a) / (d * d));
}
static inline float mish1(float v) { return mish1_e(v, mish_e(v)); }
static inline float mish_d1(float v) { return mish_d1_e(v, mish_e(v)); }
GL_SCALAR_KERNEL(f32_vmish__scalar_exp_div, mish1(v))
GL_SCALAR_KERNEL(f32_vmishd__scalar_exp_div, mish_d1(v))

/* ---- fused f and f' (gl_vfn2) ------------------------------------------------
 * The same helpers as the separate kernels (bit-identical results); the exp /
 * erfc that f and f' share is evaluated once for sigmoid, softplus, swish,
 * gelu and mish. tanh (libm tanhf) and elu / selu (libm expm1f for f, expf for
 * f') have nothing shared in this baseline and do both. */
#define GL_SCALAR_KERNEL2(fn, setup, fexpr, dexpr)                             \
  void fn(const float *x, float *y, float *dy, size_t n, const gl_act_params *p) { \
    (void)p;                                                                  \
    setup;                                                                    \
    for (size_t i = 0; i < n; i++) {                                          \
      const float v = x[i];                                                   \
      const float f = (fexpr), d = (dexpr);                                   \
      y[i] = f;                                                               \
      dy[i] = d;                                                              \
    }                                                                         \
  }
GL_SCALAR_KERNEL2(f32_vlinear_fd__scalar_copy, (void)0, v, v != v ? v : 1.0f)
GL_SCALAR_KERNEL2(f32_vstep_fd__scalar_cmp, (void)0, GL_POS_(v, 1.0f, 0.0f), v != v ? v : 0.0f)
GL_SCALAR_KERNEL2(f32_vrelu_fd__scalar_cmp, (void)0, GL_POS_(v, v, 0.0f), GL_POS_(v, 1.0f, 0.0f))
GL_SCALAR_KERNEL2(f32_vleakyrelu_fd__scalar_select, const float a = alpha_of(p, 0.01f),
                  v > 0.0f ? v : (a == 0.0f && isinf(v) ? -0.0f : a * v), GL_POS_(v, 1.0f, a))
GL_SCALAR_KERNEL2(f32_vsoftsign_fd__scalar_div, (void)0, softsign1(v), softsign_d1(v))
GL_SCALAR_KERNEL2(f32_vhardsigmoid_fd__scalar_clamp_div, (void)0, hard_sigmoid1(v),
                  v != v ? v : ((v > -3.0f && v < 3.0f) ? 1.0f / 6.0f : 0.0f))
GL_SCALAR_KERNEL2(f32_vtanh_fd__scalar_tanhf_expf_div, (void)0, tanhf(v), tanh_d1(v))
GL_SCALAR_KERNEL2(f32_velu_fd__scalar_expm1f_expf, const float a = alpha_of(p, 1.0f),
                  v > 0.0f ? v : a * expm1f(v), v > 0.0f ? 1.0f : a * expf(v))
GL_SCALAR_KERNEL2(f32_vselu_fd__scalar_expm1f_expf, (void)0,
                  v > 0.0f ? GL_SELU_LAMBDA * v : GL_SELU_LA * expm1f(v),
                  v > 0.0f ? GL_SELU_LAMBDA : GL_SELU_LA * expf(v))

/* the shared ones: e (or erfc) first */
#define GL_SCALAR_KERNEL2_SHARED(fn, type, shared, fexpr, dexpr)               \
  void fn(const float *x, float *y, float *dy, size_t n, const gl_act_params *p) { \
    (void)p;                                                                  \
    for (size_t i = 0; i < n; i++) {                                          \
      const float v = x[i];                                                   \
      const type e = (shared);                                                \
      const float f = (fexpr), d = (dexpr);                                   \
      y[i] = f;                                                               \
      dy[i] = d;                                                              \
    }                                                                         \
  }
GL_SCALAR_KERNEL2_SHARED(f32_vsigmoid_fd__scalar_expf_div, float, expf(-fabsf(v)), sigmoid1_e(v, e),
                         div_sq_1pe(e, e))
GL_SCALAR_KERNEL2_SHARED(f32_vsoftplus_fd__scalar_log1pf_expf_div, float, expf(-fabsf(v)),
                         softplus1_e(v, e), sigmoid1_e(v, e))
GL_SCALAR_KERNEL2_SHARED(f32_vswish_fd__scalar_expf_div, float, expf(-fabsf(v)), swish1_e(v, e),
                         swish_d1_e(v, e))
GL_SCALAR_KERNEL2_SHARED(f32_vgelu_fd__scalar_erfc_exp, double, gelu_erfc(v), gelu1_e(v, e), gelu_d1_e(v, e))
GL_SCALAR_KERNEL2_SHARED(f32_vmish_fd__scalar_exp_div, double, mish_e(v), mish1_e(v, e), mish_d1_e(v, e))

/* ---- softmax of one row: y = exp(x - max) / sum ----------------------------
 * NaN anywhere -> the whole row NaN; +inf -> NaN (inf - inf); all -inf -> NaN. */
static float row_max(const float *x, size_t n) {
  float m = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (x[i] != x[i]) return x[i];
    if (x[i] > m) m = x[i];
  }
  return m;
}
/* exp(x - m) with the rounding error lo of x - m (TwoSum) applied as e (1 + lo):
 * |x - m| up to ~104 would otherwise cost up to 104 * 2^-24 relative. */
static inline float exp_diff(float x, float m) {
  const float d = x - m;
  /* NaN, -inf, or so far below -104 that exp is 0 (TwoSum could overflow there) */
  if (!(d >= -104.0f)) return expf(d);
  const float bb = d - x, lo = (x - (d - bb)) + (-m - bb);
  const float e = expf(d);
  return e + e * lo;
}
/* S accumulated in double (relative error ~n 2^-53), y = e (1/S) in double,
 * rounded once: ~1.5 ulp with expf's error. */
void f32_vsoftmax__scalar_expf(const float *x, float *y, size_t n, const gl_act_params *p) {
  (void)p;
  if (n == 0) return;
  const float m = row_max(x, n);
  double s = 0.0;
  for (size_t i = 0; i < n; i++) { y[i] = exp_diff(x[i], m); s += y[i]; }
  const double inv = 1.0 / s; /* s in [1, n] */
  for (size_t i = 0; i < n; i++) y[i] = (float)(y[i] * inv);
}
/* s_i (1 - s_i) = e_i (S - e_i) / S^2 in double, rounded once, with S - e_i
 * summed without e_i for the largest term (S - e_max would lose the digits of
 * the others when the max dominates the row). */
void f32_vsoftmaxd__scalar_expf(const float *x, float *y, size_t n, const gl_act_params *p) {
  (void)p;
  if (n == 0) return;
  const float m = row_max(x, n);
  double s = 0.0;
  size_t imax = 0;
  for (size_t i = 0; i < n; i++) {
    y[i] = exp_diff(x[i], m);
    s += y[i];
    if (y[i] > y[imax]) imax = i;
  }
  double rest = 0.0; /* S without the largest term, summed directly */
  for (size_t i = 0; i < n; i++) if (i != imax) rest += y[i];
  const double inv2 = 1.0 / (s * s); /* s in [1, n] */
  for (size_t i = 0; i < n; i++) {
    const double e = y[i], other = i == imax ? rest : s - e;
    y[i] = (float)(e * other * inv2);
  }
}

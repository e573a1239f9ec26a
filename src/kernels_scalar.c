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
  for (size_t i = 0; i < n; i++) { const float v = x[i]; y[i] = v > 0.0f ? v : a * v; }
}
void f32_vleakyrelud__scalar_select(const float *x, float *y, size_t n, const gl_act_params *p) {
  const float a = alpha_of(p, 0.01f);
  for (size_t i = 0; i < n; i++) { const float v = x[i]; y[i] = GL_POS_(v, 1.0f, a); }
}

/* ---- sigmoid family: e = exp(-|x|) never overflows ------------------------- */
static inline float sigmoid1(float v) {
  const float e = expf(-fabsf(v));
  return (v >= 0.0f ? 1.0f : e) / (1.0f + e); /* NaN: e is NaN */
}
static inline float sigmoid_d1(float v) {
  const float e = expf(-fabsf(v)), d = 1.0f + e;
  return e / d / d; /* s (1 - s) = e / (1 + e)^2, even in x */
}
GL_SCALAR_KERNEL(f32_vsigmoid__scalar_expf_div, sigmoid1(v))
GL_SCALAR_KERNEL(f32_vsigmoidd__scalar_expf_div, sigmoid_d1(v))

/* ---- tanh: libm; derivative 1 - t^2 = 4e / (1 + e)^2, e = exp(-2|x|) -------- */
GL_SCALAR_KERNEL(f32_vtanh__scalar_tanhf, tanhf(v))
static inline float tanh_d1(float v) {
  const float e = expf(-2.0f * fabsf(v)), d = 1.0f + e;
  return 4.0f * e / d / d;
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
static inline float softplus1(float v) {
  const float m = v > 0.0f ? v : 0.0f;
  return m + log1pf(expf(-fabsf(v))); /* NaN: expf(NaN) = NaN */
}
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
static inline float swish1(float v) {
  const float e = expf(-fabsf(v));
  const float s = (v >= 0.0f ? 1.0f : e) / (1.0f + e);
  return (v < -200.0f ? -200.0f : v) * s; /* -inf * 0 would be NaN: limit is -0 */
}
static inline float swish_d1(float v) {
  const float e = expf(-fabsf(v)), d = 1.0f + e;
  const float a = 1.0f / d, b = e / d; /* s(|x|), s(-|x|) */
  const float s = v >= 0.0f ? a : b, c = v >= 0.0f ? b : a;
  const float vc = v < -200.0f ? -200.0f : v;
  return s * (1.0f + vc * c);
}
GL_SCALAR_KERNEL(f32_vswish__scalar_expf_div, swish1(v))
GL_SCALAR_KERNEL(f32_vswishd__scalar_expf_div, swish_d1(v))

/* ---- gelu = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2 ------------------------
 * In float, erfcf(-x/sqrt2) loses ~2t^2 ulp to the rounding of t = -x/sqrt2
 * (t ~ 9: 160 ulp), so this baseline evaluates Phi in double (libm erfc) and
 * rounds once. phi(x) = exp(-x^2/2)/sqrt(2 pi) likewise. */
static inline float gelu1(float v) {
  const double xd = v;
  if (v < -200.0f) return -0.0f;
  return (float)(xd * 0.5 * erfc(-xd * 0.70710678118654752440));
}
static inline float gelu_d1(float v) {
  const double xd = v < -200.0f ? -200.0 : v;
  const double cdf = 0.5 * erfc(-xd * 0.70710678118654752440);
  const double pdf = exp(-0.5 * xd * xd) * 0.39894228040143267794;
  return (float)(cdf + xd * pdf);
}
GL_SCALAR_KERNEL(f32_vgelu__scalar_erfc, gelu1(v))
GL_SCALAR_KERNEL(f32_vgelud__scalar_erfc_exp, gelu_d1(v))

/* ---- mish = x tanh(softplus(x)) ---------------------------------------------
 * With e = exp(-|x|): x <= 0: u = e, n = u (u + 2), tanh(sp) = n / (n + 2);
 * x > 0: tanh(sp) = (1 + 2e) / (1 + 2e + 2e^2). Derivative
 * mish' = tanh(sp) + x sech^2(sp) sigmoid(x), sech^2 = 1 - tanh^2 written
 * without cancellation: x <= 0: 4 (n + 1) / (n + 2)^2;
 * x > 0: 4 e^2 (n' + e^2) / d'^2 with n' = 1 + 2e, d' = n' + 2 e^2. */
static inline float mish_t(float v, float e, float *sech2, float *sig) {
  if (v > 0.0f) {
    const float e2 = e * e, np = 1.0f + 2.0f * e, dp = np + 2.0f * e2;
    *sech2 = 4.0f * e2 * (np + e2) / (dp * dp);
    *sig = 1.0f / (1.0f + e);
    return np / dp;
  }
  const float nn = e * (e + 2.0f), d = nn + 2.0f;
  *sech2 = 4.0f * (nn + 1.0f) / (d * d);
  *sig = e / (1.0f + e);
  return nn / d;
}
static inline float mish1(float v) {
  float s2, sg;
  const float t = mish_t(v, expf(-fabsf(v)), &s2, &sg);
  return (v < -200.0f ? -200.0f : v) * t;
}
static inline float mish_d1(float v) {
  float s2, sg;
  const float t = mish_t(v, expf(-fabsf(v)), &s2, &sg);
  const float vc = v < -200.0f ? -200.0f : v;
  return t + vc * s2 * sg;
}
GL_SCALAR_KERNEL(f32_vmish__scalar_expf_div, mish1(v))
GL_SCALAR_KERNEL(f32_vmishd__scalar_expf_div, mish_d1(v))

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
void f32_vsoftmax__scalar_expf(const float *x, float *y, size_t n, const gl_act_params *p) {
  (void)p;
  if (n == 0) return;
  const float m = row_max(x, n);
  float s = 0.0f;
  for (size_t i = 0; i < n; i++) { y[i] = expf(x[i] - m); s += y[i]; }
  for (size_t i = 0; i < n; i++) y[i] = y[i] / s;
}
/* s_i (1 - s_i) = e_i (S - e_i) / S^2, with S - e_i summed without e_i when e_i
 * is the largest share (1 - s_i would cancel). */
void f32_vsoftmaxd__scalar_expf(const float *x, float *y, size_t n, const gl_act_params *p) {
  (void)p;
  if (n == 0) return;
  const float m = row_max(x, n);
  float s = 0.0f;
  size_t imax = 0;
  for (size_t i = 0; i < n; i++) {
    y[i] = expf(x[i] - m);
    s += y[i];
    if (y[i] > y[imax]) imax = i;
  }
  /* S without the largest term, summed directly */
  float rest = 0.0f;
  for (size_t i = 0; i < n; i++) if (i != imax) rest += y[i];
  for (size_t i = 0; i < n; i++) {
    const float e = y[i];
    const float other = i == imax ? rest : s - e;
    y[i] = (e / s) * (other / s);
  }
}

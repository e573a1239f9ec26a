/*
 * reference.h — double-precision references of every activation and
 * derivative named in activations.def (ref_<name>, ref_<name>_d), plus the
 * error measure of the accuracy tests. Written independently of the kernels:
 * straight formulas in double with libm (errors ~1e-16, far below float's
 * 6e-8), with cancellation-free forms where double would lose the float bound.
 */
#ifndef GL_TEST_REFERENCE_H
#define GL_TEST_REFERENCE_H

#include <float.h>
#include <math.h>
#include <stddef.h>

typedef double (*gl_ref_fn)(double x, double alpha);

#define REF_NAN_(x) if (isnan(x)) return x
static inline double ref_linear(double x, double a) { (void)a; return x; }
static inline double ref_linear_d(double x, double a) { (void)a; REF_NAN_(x); return 1.0; }
static inline double ref_step(double x, double a) { (void)a; REF_NAN_(x); return x > 0 ? 1.0 : 0.0; }
static inline double ref_step_d(double x, double a) { (void)a; REF_NAN_(x); return 0.0; }
static inline double ref_sigmoid(double x, double a) {
  (void)a;
  return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}
static inline double ref_sigmoid_d(double x, double a) {
  (void)a;
  const double e = exp(-fabs(x));
  return e / ((1.0 + e) * (1.0 + e));
}
static inline double ref_tanh(double x, double a) { (void)a; return tanh(x); }
static inline double ref_tanh_d(double x, double a) {
  (void)a;
  const double c = cosh(x); /* 1 - tanh^2 = sech^2 */
  return 1.0 / (c * c);
}
static inline double ref_relu(double x, double a) { (void)a; REF_NAN_(x); return x > 0 ? x : 0.0; }
static inline double ref_relu_d(double x, double a) { (void)a; REF_NAN_(x); return x > 0 ? 1.0 : 0.0; }
static inline double ref_leaky_relu(double x, double a) { REF_NAN_(x); return x > 0 ? x : (a == 0 ? -0.0 : a * x); }
static inline double ref_leaky_relu_d(double x, double a) { REF_NAN_(x); return x > 0 ? 1.0 : a; }
static inline double ref_elu(double x, double a) { REF_NAN_(x); return x > 0 ? x : a * expm1(x); }
static inline double ref_elu_d(double x, double a) { REF_NAN_(x); return x > 0 ? 1.0 : a * exp(x); }
#define REF_SELU_ALPHA 1.6732632423543772848170429916717
#define REF_SELU_LAMBDA 1.0507009873554804934193349852946
static inline double ref_selu(double x, double a) {
  (void)a; REF_NAN_(x);
  return REF_SELU_LAMBDA * (x > 0 ? x : REF_SELU_ALPHA * expm1(x));
}
static inline double ref_selu_d(double x, double a) {
  (void)a; REF_NAN_(x);
  return x > 0 ? REF_SELU_LAMBDA : REF_SELU_LAMBDA * REF_SELU_ALPHA * exp(x);
}
static inline double ref_softplus(double x, double a) {
  (void)a; REF_NAN_(x);
  return (x > 0 ? x : 0.0) + log1p(exp(-fabs(x)));
}
static inline double ref_softsign(double x, double a) {
  (void)a;
  if (isinf(x)) return x > 0 ? 1.0 : -1.0;
  return x / (1.0 + fabs(x));
}
static inline double ref_softsign_d(double x, double a) {
  (void)a;
  const double d = 1.0 + fabs(x);
  return 1.0 / (d * d);
}
static inline double ref_hard_sigmoid(double x, double a) {
  (void)a; REF_NAN_(x);
  const double t = (x + 3.0) / 6.0;
  return t < 0 ? 0.0 : (t > 1 ? 1.0 : t);
}
static inline double ref_hard_sigmoid_d(double x, double a) {
  (void)a; REF_NAN_(x);
  return (x > -3.0 && x < 3.0) ? 1.0 / 6.0 : 0.0;
}
static inline double ref_swish(double x, double a) {
  REF_NAN_(x);
  if (isinf(x)) return x > 0 ? x : -0.0;
  return x * ref_sigmoid(x, a);
}
static inline double ref_swish_d(double x, double a) {
  REF_NAN_(x);
  if (isinf(x)) return x > 0 ? 1.0 : -0.0;
  return ref_sigmoid(x, a) * (1.0 + x * ref_sigmoid(-x, a));
}
static inline double ref_gelu(double x, double a) {
  (void)a; REF_NAN_(x);
  if (isinf(x)) return x > 0 ? x : -0.0;
  return 0.5 * x * erfc(-x * 0.70710678118654752440);
}
static inline double ref_gelu_d(double x, double a) {
  (void)a; REF_NAN_(x);
  if (isinf(x)) return x > 0 ? 1.0 : 0.0;
  return 0.5 * erfc(-x * 0.70710678118654752440) + x * exp(-0.5 * x * x) * 0.39894228040143267794;
}
static inline double ref_mish(double x, double a) {
  (void)a; REF_NAN_(x);
  if (isinf(x)) return x > 0 ? x : -0.0;
  return x * tanh(ref_softplus(x, 0));
}
static inline double ref_mish_d(double x, double a) {
  REF_NAN_(x);
  if (isinf(x)) return x > 0 ? 1.0 : 0.0;
  const double sp = ref_softplus(x, 0), c = cosh(sp);
  return tanh(sp) + x / (c * c) * ref_sigmoid(x, a);
}
/* softmax is a row operation: these elementwise entries are never called by
 * the sweeps; ref_softmax_row below is the reference. */
static inline double ref_softmax(double x, double a) { (void)a; return x; }
static inline double ref_softmax_d(double x, double a) { (void)a; return x; }
/* out[i] = softmax of the row x[0..n), in double; dout[i] = s_i (1 - s_i). */
static inline void ref_softmax_row(const float *x, size_t n, double *out, double *dout) {
  double m = -INFINITY;
  int bad = 0;
  for (size_t i = 0; i < n; i++) { if (isnan(x[i])) bad = 1; if (x[i] > m) m = x[i]; }
  double s = 0;
  for (size_t i = 0; i < n; i++) s += exp((double)x[i] - m);
  for (size_t i = 0; i < n; i++) {
    const double e = exp((double)x[i] - m);
    double rest = 0; /* 1 - s_i = sum_{j != i} e_j / s, without cancellation */
    for (size_t j = 0; j < n && dout; j++) if (j != i) rest += exp((double)x[j] - m);
    out[i] = bad || isinf(m) ? NAN : e / s;
    if (dout) dout[i] = bad || isinf(m) ? NAN : (e / s) * (rest / s);
  }
}

/* ---- error measure ----------------------------------------------------------
 * ulp(r) = 2^(exponent(r) - 23) for |r| >= FLT_MIN, 2^-149 below (the float
 * spacing there). gl_ulp_err: |y - r| / ulp(r); 0 when both are NaN, or when
 * y is +-inf and r is beyond the float range with the same sign; HUGE_VAL for
 * any other NaN/inf mismatch. */
static inline double gl_ulp_of(double r) {
  r = fabs(r);
  if (r < FLT_MIN) return 0x1p-149;
  int e;
  frexp(r, &e); /* r = m 2^e, m in [0.5, 1): exponent(r) = e - 1 */
  return ldexp(1.0, e - 1 - 23);
}
static inline double gl_abs_err(float y, double r) {
  if (isnan(r) || isnan(y)) return (isnan(r) && isnan(y)) ? 0.0 : HUGE_VAL;
  if (isinf(y)) {
    if (fabs(r) > FLT_MAX && (y > 0) == (r > 0)) return 0.0;
    return HUGE_VAL;
  }
  if (isinf(r)) return HUGE_VAL;
  return fabs((double)y - r);
}
static inline double gl_ulp_err(float y, double r) {
  const double a = gl_abs_err(y, r);
  if (a == 0.0 || isinf(a)) return a;
  return a / gl_ulp_of(r);
}
/* Within the bound of a row: ulp error <= ulp_bound or abs error <= abs_bound. */
static inline int gl_within(float y, double r, double ulp_bound, double abs_bound) {
  const double a = gl_abs_err(y, r);
  if (isinf(a)) return 0;
  return a <= abs_bound || gl_ulp_err(y, r) <= ulp_bound;
}

/* One test row per activation, from activations.def: the double references,
 * the test domain and the stated bounds (ulp, abs) of forward and derivative. */
typedef struct gl_test_row {
  int id;
  const char *name;
  gl_ref_fn ref, ref_d;
  float lo, hi;
  double fu, fa, du, da;
} gl_test_row;

static const gl_test_row gl_test_rows[] = {
#define GL_ACTIVATION(id, nm, sf, vf, sd, vd, rf, rd, lo, hi, fu, fa, du, da) \
  {id, nm, rf, rd, lo, hi, fu, fa, du, da},
#include "activations.def"
#undef GL_ACTIVATION
};
#define GL_TEST_NROWS ((int)(sizeof gl_test_rows / sizeof gl_test_rows[0]))

#endif /* GL_TEST_REFERENCE_H */

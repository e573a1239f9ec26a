/*
 * kernels_simd_softmax.c — the SIMD128 softmax of one row ("u4": one v128 at
 * a time) and its Jacobian diagonal.
 */
#include "kernels_simd.h"

/* ---- softmax of one row ---------------------------------------------------------
 * m = max, e_i = exp(x_i - m) in (0, 1] (float, ~1 ulp),
 * S = sum e_i accumulated in double lanes (relative error ~n 2^-53: nothing
 * at float precision for any row length the API allows), y_i = e_i (1/S)
 * with the product in double and one rounding to float: ~1.5 ulp (the exp's
 * error + the rounding). A NaN or +inf in the row, or an all -inf row, gives
 * NaN for the whole row. Tails are padded with -inf (e = 0).
 * Derivative s_i (1 - s_i) = e_i other_i / S^2 in double, other_i = S - e_i,
 * except for the entries with e = 1 (the max), where other = R + (c - 1), R =
 * the sum of the e_j < 1, c = how many e_j == 1 (S - 1 would lose R's digits
 * when the max dominates the row, R below S 2^-53). Rounded once: ~2 ulp. */
/* the sum of the two double lanes of a and of b */
static inline double vhsum_f64(v128_t a, v128_t b) {
  const v128_t t = wasm_f64x2_add(a, b);
  return wasm_f64x2_extract_lane(t, 0) + wasm_f64x2_extract_lane(t, 1);
}
/* e (1/S): the product in double, rounded once */
static inline v128_t vsoftmax_scale(v128_t e, v128_t inv) {
  v128_t e0, e1;
  gl_vpromote(e, &e0, &e1);
  return gl_vdemote(wasm_f64x2_mul(e0, inv), wasm_f64x2_mul(e1, inv));
}
/* e other / S^2 in double (inv2 = 1/S^2), other = S - e, or maxother where
 * e == 1 (a max entry: rare, so tested once per vector in float) */
static inline v128_t vsoftmax_d(v128_t e, v128_t S, v128_t maxother, v128_t inv2) {
  v128_t e0, e1;
  gl_vpromote(e, &e0, &e1);
  v128_t o0 = wasm_f64x2_sub(S, e0), o1 = wasm_f64x2_sub(S, e1);
  if (wasm_v128_any_true(wasm_f32x4_eq(e, GL_V(1.0f)))) {
    o0 = wasm_v128_bitselect(maxother, o0, wasm_f64x2_eq(e0, GL_D(1.0)));
    o1 = wasm_v128_bitselect(maxother, o1, wasm_f64x2_eq(e1, GL_D(1.0)));
  }
  return gl_vdemote(wasm_f64x2_mul(wasm_f64x2_mul(e0, o0), inv2), wasm_f64x2_mul(wasm_f64x2_mul(e1, o1), inv2));
}
static inline v128_t vload_tail(const float *x, size_t k) {
  float buf[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
  memcpy(buf, x, k * sizeof(float));
  return wasm_v128_load(buf);
}
/* max over the row with pmax (one maxps; f32x4.max's NaN rules cost V8 ~7
 * instructions): a NaN x is skipped here, but exp(NaN - m) then makes S and
 * so the whole row NaN all the same; +inf gives m = +inf and inf - inf = NaN. */
static float vrow_max(const float *x, size_t n) {
  v128_t vm = GL_V(-INFINITY);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) vm = wasm_f32x4_pmax(vm, wasm_v128_load(x + i));
  if (i < n) vm = wasm_f32x4_pmax(vm, vload_tail(x + i, n - i));
  const float a = wasm_f32x4_extract_lane(vm, 0), b = wasm_f32x4_extract_lane(vm, 1);
  const float c = wasm_f32x4_extract_lane(vm, 2), d = wasm_f32x4_extract_lane(vm, 3);
  const float ab = a < b ? b : a, cd = c < d ? d : c;
  return ab < cd ? cd : ab;
}
/* y_i = exp(x_i - m); returns S; when R: also R (sum of e < 1) and c (count
 * of e == 1). Sums in double lanes. */
static double vrow_exp(const float *x, float *y, size_t n, float m, double *R, double *c) {
  const v128_t vm = GL_V(m);
  v128_t s0 = GL_D(0.0), s1 = GL_D(0.0), r0 = GL_D(0.0), r1 = GL_D(0.0), vc = GL_V(0.0f);
  size_t i = 0;
  for (;; i += 4) {
    const size_t k = n - i < 4 ? n - i : 4;
    if (k == 0) break;
    const v128_t vx = k == 4 ? wasm_v128_load(x + i) : vload_tail(x + i, k);
    v128_t lo; /* x - m exactly, as hi + lo: its rounding would cost up to |x - m| 2^-24 */
    const v128_t hi = gl_vtwosum(vx, wasm_f32x4_neg(vm), &lo);
    lo = wasm_v128_andnot(lo, wasm_f32x4_eq(wasm_f32x4_abs(hi), GL_V(INFINITY))); /* -inf pads */
    const v128_t e = gl_vexp2(hi, lo);
    v128_t e0, e1;
    gl_vpromote(e, &e0, &e1);
    s0 = wasm_f64x2_add(s0, e0);
    s1 = wasm_f64x2_add(s1, e1);
    if (R) {
      const v128_t ismax = wasm_f32x4_eq(e, GL_V(1.0f));
      gl_vpromote(wasm_v128_andnot(e, ismax), &e0, &e1);
      r0 = wasm_f64x2_add(r0, e0);
      r1 = wasm_f64x2_add(r1, e1);
      vc = wasm_f32x4_add(vc, wasm_v128_and(ismax, GL_V(1.0f))); /* exact: lane counts < 2^24 */
    }
    if (k == 4) {
      wasm_v128_store(y + i, e);
    } else {
      float buf[4];
      wasm_v128_store(buf, e);
      memcpy(y + i, buf, k * sizeof(float));
      break;
    }
  }
  if (R) {
    v128_t c0, c1;
    gl_vpromote(vc, &c0, &c1);
    *R = vhsum_f64(r0, r1);
    *c = vhsum_f64(c0, c1);
  }
  return vhsum_f64(s0, s1);
}
/* y[0..n) = g(y[0..n)), g an expression of the v128 `e` that the macro
 * loads from y four floats at a time (the tail through a zero-padded buffer) */
#define GL_ROW_MAP_(y, n, g)                                                        \
  do {                                                                             \
    size_t i_ = 0;                                                                 \
    for (; i_ + 4 <= (n); i_ += 4) {                                               \
      const v128_t e = wasm_v128_load((y) + i_);                                   \
      wasm_v128_store((y) + i_, (g));                                              \
    }                                                                              \
    if (i_ < (n)) {                                                                \
      float buf_[4] = {0.0f, 0.0f, 0.0f, 0.0f};                                    \
      memcpy(buf_, (y) + i_, ((n) - i_) * sizeof(float));                          \
      const v128_t e = wasm_v128_load(buf_);                                       \
      wasm_v128_store(buf_, (g));                                                  \
      memcpy((y) + i_, buf_, ((n) - i_) * sizeof(float));                          \
    }                                                                              \
  } while (0)
void f32_vsoftmax__wasmsimd_rr2_p6_u4(const float *x, float *y, size_t n, const gl_act_params *p) {
  (void)p;
  if (n == 0) return;
  const v128_t inv = GL_D(1.0 / vrow_exp(x, y, n, vrow_max(x, n), NULL, NULL)); /* S in [1, n] */
  GL_ROW_MAP_(y, n, vsoftmax_scale(e, inv));
}
void f32_vsoftmaxd__wasmsimd_rr2_p6_u4(const float *x, float *y, size_t n, const gl_act_params *p) {
  (void)p;
  if (n == 0) return;
  double R, c;
  const float m = vrow_max(x, n);
  /* "max entries" are those with e == 1 (x == m, or x - m too small to change
   * exp): the same test in both passes, and it needs only y (in place safe). */
  const double S = vrow_exp(x, y, n, m, &R, &c);
  const v128_t vS = GL_D(S), inv2 = GL_D(1.0 / (S * S)), maxother = GL_D(R + (c - 1.0));
  GL_ROW_MAP_(y, n, vsoftmax_d(e, vS, maxother, inv2));
}
#undef GL_ROW_MAP_

/*
 * vmath.h — vector (SIMD128, 4 x f32) elementary functions for the kernels.
 * Only correctly rounded IEEE operations (add, sub, mul, div), pmin/pmax,
 * compares, bit logic and integer add/shift: no fused multiply-add, no relaxed
 * SIMD, round-to-nearest assumed. Results are bit-identical in wasm and
 * natively (SIMDe) when compiled with -ffp-contract=off (checked: the SIMD
 * kernels of dist/gradlab.wasm in Node and of the native build agree bit for
 * bit on 65536 mixed inputs per function, NaN payloads aside).
 *
 * Constants were fitted offline (numpy + mpmath, Lawson-weighted least squares
 * on Chebyshev-distributed points, i.e. near-minimax) and rounded to float;
 * the stated errors are of the real-number approximation, before rounding.
 */
#ifndef GL_VMATH_H
#define GL_VMATH_H

#include "simd.h"

#define GL_V(c) wasm_f32x4_splat(c)

/* min(x, c) / max(x, c) for a constant c that keep a NaN x (f32x4.pmin/pmax:
 * a single minps/maxps on x86, where f32x4.min/max need ~6 instructions for
 * their NaN and -0 rules). pmin(x, c) = c < x ? c : x; pmax(x, c) = x < c ? c : x. */
static inline v128_t gl_vminc(v128_t x, v128_t c) { return wasm_f32x4_pmin(x, c); }
static inline v128_t gl_vmaxc(v128_t x, v128_t c) { return wasm_f32x4_pmax(x, c); }

/* TwoSum (Knuth): a + b = s + *err exactly, any magnitudes, no FMA needed. */
static inline v128_t gl_vtwosum(v128_t a, v128_t b, v128_t *err) {
  const v128_t s = wasm_f32x4_add(a, b);
  const v128_t bb = wasm_f32x4_sub(s, a);
  *err = wasm_f32x4_add(wasm_f32x4_sub(a, wasm_f32x4_sub(s, bb)), wasm_f32x4_sub(b, bb));
  return s;
}

/* ---- exp range reduction ------------------------------------------------------
 * z = n ln2 + r with n = nearest(z log2(e)) (by adding 1.5 2^23, GL_MAGIC),
 * |r| <= ln2/2 (+ rounding).
 * rr2: ln2 = LN2_HI + LN2_LO, LN2_HI has 15 significant bits (0x1.62E4p-1), so
 * n * LN2_HI is exact for |n| <= 2^9 and z - n*LN2_HI is exact (Sterbenz).
 * expm1(r) ~= r + r^2 (c2 + c3 r + c4 r^2 + c5 r^3 + c6 r^4): degree 6 on
 * [-ln2/2, ln2/2], relative error 1.3e-8 (0.2 ulp) before float rounding. */
#define GL_LOG2E 0x1.715476p+0f
#define GL_LN2_HI 0x1.62E400p-1f  /* 0.693145751953125 */
#define GL_LN2_LO 0x1.7F7D1Cp-20f /* ln2 - LN2_HI */
#define GL_MAGIC 0x1.8p23f /* 1.5 2^23 */
#define GL_EXP_C2 4.999999816e-01f
#define GL_EXP_C3 1.666654367e-01f
#define GL_EXP_C4 4.166719965e-02f
#define GL_EXP_C5 8.366514077e-03f
#define GL_EXP_C6 1.388252272e-03f

/* expm1(r) for |r| <= ~0.35 */
static inline v128_t gl_vexpm1_poly(v128_t r) {
  v128_t q = wasm_f32x4_add(GL_V(GL_EXP_C5), wasm_f32x4_mul(r, GL_V(GL_EXP_C6)));
  q = wasm_f32x4_add(GL_V(GL_EXP_C4), wasm_f32x4_mul(r, q));
  q = wasm_f32x4_add(GL_V(GL_EXP_C3), wasm_f32x4_mul(r, q));
  q = wasm_f32x4_add(GL_V(GL_EXP_C2), wasm_f32x4_mul(r, q));
  return wasm_f32x4_add(r, wasm_f32x4_mul(wasm_f32x4_mul(r, r), q));
}

/* 2^k for integer lanes k in [-126, 127], built in the exponent field. */
static inline v128_t gl_vpow2i(v128_t k) {
  return wasm_i32x4_shl(wasm_i32x4_add(k, wasm_i32x4_splat(127)), 23);
}

/* 2^n for n = the int32 lanes ni in [-150, 0] (the n of the exp reductions
 * below), applied to e in [0.7, 1.42]: e 2^(n+25) is exact and normal (n + 25
 * >= -125), and the final product with 2^-25 rounds once, so subnormal
 * results are correctly rounded (e 2^n); for normal results both are exact.
 * (Cheaper than splitting 2^n into two normal factors.) */
static inline v128_t gl_vscale_neg(v128_t e, v128_t ni) {
  return wasm_f32x4_mul(wasm_f32x4_mul(e, gl_vpow2i(wasm_i32x4_add(ni, wasm_i32x4_splat(25)))),
                        GL_V(0x1p-25f));
}

/* exp(a + b) for a <= 0 (caller: softmax x - max), b a small
 * correction (|b| << 1, or 0), subnormal results included. a is clamped to
 * [-104, 0]: below -104, exp < 2^-150 rounds to 0 (up to the last subnormal).
 * NaN propagates (the clamps keep a NaN a, and r is NaN). Error: ~1 ulp for
 * normal results. */
static inline v128_t gl_vexp2(v128_t a, v128_t b) {
  /* below -104 the result is 0 whatever b is: drop b there, or a huge b (the
   * TwoSum error of a huge a) would spoil n */
  b = wasm_v128_andnot(b, wasm_f32x4_lt(a, GL_V(-104.0f)));
  a = gl_vmaxc(gl_vminc(a, GL_V(0.0f)), GL_V(-104.0f));
  /* n = nearest((a + b) log2 e): adding 1.5 2^23 rounds to an integer (ties to
   * even) in the low mantissa bits; their difference is n as an int32. */
  const v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_add(a, b), GL_V(GL_LOG2E)), GL_V(GL_MAGIC));
  const v128_t n = wasm_f32x4_sub(v, GL_V(GL_MAGIC));
  v128_t r = wasm_f32x4_sub(a, wasm_f32x4_mul(n, GL_V(GL_LN2_HI)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, GL_V(GL_LN2_LO)));
  r = wasm_f32x4_add(r, b);
  const v128_t e = wasm_f32x4_add(GL_V(1.0f), gl_vexpm1_poly(r));
  /* NaN: garbage scale, result NaN via r */
  return gl_vscale_neg(e, wasm_i32x4_sub(v, GL_V(GL_MAGIC)));
}
/* gl_vexp_normal: exp(a) for a <= 0 with one scaling (faster than gl_vexp2 /
 * gl_vexp: no b, no split of 2^n): a is clamped below to -87.9, so n >= -127;
 * n = -127 (a < -87.68) builds 2^n = +0 (exponent field 0) and the result is
 * +0; for n >= -126 2^n is normal and results below 2^-126 come out of the
 * final product as correctly rounded subnormals. So results below ~0.7 2^-126
 * are flushed to +0, which the callers state as their absolute bound (2^-126);
 * ~1 ulp otherwise. -inf -> 0, NaN -> NaN. a > 0 must not be passed (no
 * upper clamp; callers pass -|x|). */
/* The magic number carries the exponent bias: v = n + 127 + 1.5 2^23, whose
 * bits are 0x4B400000 + n + 127; shifted left by 23 the 0x4B400000 part
 * leaves the word, so v << 23 is 2^n directly (n + 127 in [0, 127]). */
#define GL_MAGIC_B127 0x1.8000FEp23f /* 1.5 2^23 + 127 */
/* The reduction of gl_vexp_normal alone, for a in [-104, 0] (or NaN): returns
 * e = 1 + expm1(r) and *v, whose int32 lanes are 0x4B400000 + n + 127, for
 * the caller's scaling (gl_vexp_normal_clamped, gl_vscale_neg_b127). */
static inline v128_t gl_vexp_b127_reduce(v128_t a, v128_t *v) {
  *v = wasm_f32x4_add(wasm_f32x4_mul(a, GL_V(GL_LOG2E)), GL_V(GL_MAGIC_B127));
  const v128_t n = wasm_f32x4_sub(*v, GL_V(GL_MAGIC_B127));
  v128_t r = wasm_f32x4_sub(a, wasm_f32x4_mul(n, GL_V(GL_LN2_HI)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, GL_V(GL_LN2_LO)));
  return wasm_f32x4_add(GL_V(1.0f), gl_vexpm1_poly(r));
}
/* gl_vexp_normal for a already in [-87.9, 0] (or NaN): callers that need the
 * clamped argument themselves (swish') clamp once. */
static inline v128_t gl_vexp_normal_clamped(v128_t a) {
  v128_t v;
  const v128_t e = gl_vexp_b127_reduce(a, &v);
  return wasm_f32x4_mul(e, wasm_i32x4_shl(v, 23));
}
static inline v128_t gl_vexp_normal(v128_t a) {
  return gl_vexp_normal_clamped(gl_vmaxc(a, GL_V(-87.9f))); /* -87.9 log2(e) = -126.8: n = -127 */
}
/* gl_vscale_neg from the biased lanes v of gl_vexp_b127_reduce (a in
 * [-104, 0], n in [-150, 0]): 2^(n+25) = (v + 25) << 23 (the 0x4B400000 part
 * leaves the word again). The full-range exp (subnormal results correctly
 * rounded); for n >= -126 bit-identical to gl_vexp_normal_clamped (both are
 * the one rounding of e 2^n). */
static inline v128_t gl_vscale_neg_b127(v128_t e, v128_t v) {
  return wasm_f32x4_mul(wasm_f32x4_mul(e, wasm_i32x4_shl(wasm_i32x4_add(v, wasm_i32x4_splat(25)), 23)),
                        GL_V(0x1p-25f));
}

/* -|x| (one OR of the sign bit; NaN stays NaN) */
static inline v128_t gl_vnegabs(v128_t x) { return wasm_v128_or(x, wasm_f32x4_splat(-0.0f)); }

/* exp(a) for a <= 0 (all callers pass -|x|, -2|x| or min(x, 0); a > 0 must
 * not be passed: no upper clamp), subnormal results included: gl_vexp2 with
 * b = 0, without its additions. a is clamped below to -104 (-inf -> 0). ~1 ulp
 * for normal results. */
static inline v128_t gl_vexp_clamped(v128_t a);
static inline v128_t gl_vexp(v128_t a) { return gl_vexp_clamped(gl_vmaxc(a, GL_V(-104.0f))); }
/* gl_vexp for a already in [-104, 0] (or NaN): callers that need the clamped
 * argument themselves (swish') clamp once. */
static inline v128_t gl_vexp_clamped(v128_t a) {
  const v128_t v = wasm_f32x4_add(wasm_f32x4_mul(a, GL_V(GL_LOG2E)), GL_V(GL_MAGIC));
  const v128_t n = wasm_f32x4_sub(v, GL_V(GL_MAGIC));
  v128_t r = wasm_f32x4_sub(a, wasm_f32x4_mul(n, GL_V(GL_LN2_HI)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, GL_V(GL_LN2_LO)));
  const v128_t e = wasm_f32x4_add(GL_V(1.0f), gl_vexpm1_poly(r));
  return gl_vscale_neg(e, wasm_i32x4_sub(v, GL_V(GL_MAGIC)));
}

/* z is clamped to [lo, 0], lo >= -87 (normal results only):
 * *e = exp(z) = 2^n (1 + p) with p = expm1(r), and
 * *em = expm1(z) = 2^n p + (2^n - 1), where 2^n - 1 is exact for n >= -24,
 * i.e. em is right for z >= -16.6; callers wanting em pass lo = -16.6, which
 * gives expm1(-16.6) = -1 + 2^-24 (the correctly rounded value) down to
 * z = ln(2^-25) = -17.3287, below which em = -1 exactly. Error: exp ~1 ulp, expm1
 * ~1.5 ulp. NaN propagates. */
static inline void gl_vexp_expm1_neg(v128_t z, v128_t lo, v128_t *e, v128_t *em) {
  /* expm1(z) rounds to -1 exactly for z < ln(2^-25) = -17.32868 */
  const v128_t minus1 = wasm_f32x4_lt(z, GL_V(-17.32868f));
  z = gl_vmaxc(gl_vminc(z, GL_V(0.0f)), lo);
  const v128_t v = wasm_f32x4_add(wasm_f32x4_mul(z, GL_V(GL_LOG2E)), GL_V(GL_MAGIC));
  const v128_t n = wasm_f32x4_sub(v, GL_V(GL_MAGIC));
  v128_t r = wasm_f32x4_sub(z, wasm_f32x4_mul(n, GL_V(GL_LN2_HI)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, GL_V(GL_LN2_LO)));
  const v128_t p = gl_vexpm1_poly(r);
  const v128_t s = gl_vpow2i(wasm_i32x4_sub(v, GL_V(GL_MAGIC)));
  if (e) *e = wasm_f32x4_mul(s, wasm_f32x4_add(GL_V(1.0f), p));
  if (em) *em = wasm_v128_bitselect(GL_V(-1.0f), wasm_f32x4_add(wasm_f32x4_mul(s, p), wasm_f32x4_sub(s, GL_V(1.0f))),
                                    minus1);
}

/* num / (1 + e)^2 for e in [0, 1]: d = 1 + e is rounded, but its rounding
 * error dl = e - (d - 1) is exact (Sterbenz), and 1/(d + dl)^2 =
 * (1/d^2)(1 - 2 dl/d + O(2^-48)), so the quotient q = num / (d d) (two
 * roundings, as num / d / d) is corrected by -q c, c = 2 dl/d. |c| <= 2^-23,
 * so c needs only a few correct bits: 2/d is taken as the line K - d on
 * [1, 2] (relative error 7.2e-2, i.e. <= 0.15 ulp in the result) instead of a
 * second division (divisions dominate the cost of these kernels). Saves the ~1 ulp
 * that the doubled rounding of d would cost. */
static inline v128_t gl_vdiv_sq_1pe(v128_t num, v128_t e) {
  const v128_t d = wasm_f32x4_add(GL_V(1.0f), e);
  const v128_t dl = wasm_f32x4_sub(e, wasm_f32x4_sub(d, GL_V(1.0f)));
  const v128_t q = wasm_f32x4_div(num, wasm_f32x4_mul(d, d));
  /* 2/d ~= K - d, K = 4 (sqrt3 - 1): minimax relative error 7.2% on [1, 2]
   * (one subtraction, one constant) */
  const v128_t c = wasm_f32x4_mul(dl, wasm_f32x4_sub(GL_V(2.92820323f), d));
  return wasm_f32x4_sub(q, wasm_f32x4_mul(q, c));
}

/* ---- log1p(u) for u in [0, 1] (and +-0) -------------------------------------
 * u < sqrt2 - 1: f = u, k = 0. Else w = 1 + u (rounded), k = 1,
 * f = w/2 - 1 in [-0.293, 0] (exact) and the rounding of w is corrected by
 * c = (u - (w - 1)) / w. log1p(u) = k ln2 + log1p(f) + c, with
 * log1p(f) = 2 atanh(s) = f - s (f - R), s = f / (2 + f), |s| <= 0.1716,
 * R = 2s^2/3 + 2s^4/5 + 2s^6/7 + 2s^8/9 (Taylor, odd degree 9 in s: relative
 * truncation error < 2e-9). NaN propagates through the arithmetic. ~1 ulp. */
static inline v128_t gl_vlog1p_unit(v128_t u) {
  const v128_t big = wasm_f32x4_ge(u, GL_V(0x1.A827AAp-2f)); /* sqrt2 - 1 */
  const v128_t w = wasm_f32x4_add(GL_V(1.0f), u);
  const v128_t fb = wasm_f32x4_sub(wasm_f32x4_mul(w, GL_V(0.5f)), GL_V(1.0f));
  const v128_t cb = wasm_f32x4_div(wasm_f32x4_sub(u, wasm_f32x4_sub(w, GL_V(1.0f))), w);
  const v128_t f = wasm_v128_bitselect(fb, u, big);
  const v128_t s = wasm_f32x4_div(f, wasm_f32x4_add(GL_V(2.0f), f));
  const v128_t z = wasm_f32x4_mul(s, s);
  v128_t R = wasm_f32x4_add(GL_V(2.0f / 7.0f), wasm_f32x4_mul(z, GL_V(2.0f / 9.0f)));
  R = wasm_f32x4_add(GL_V(2.0f / 5.0f), wasm_f32x4_mul(z, R));
  R = wasm_f32x4_add(GL_V(2.0f / 3.0f), wasm_f32x4_mul(z, R));
  R = wasm_f32x4_mul(z, R);
  const v128_t l = wasm_f32x4_sub(f, wasm_f32x4_mul(s, wasm_f32x4_sub(f, R)));
  /* big: LN2_HI + (l + (c + LN2_LO)) */
  const v128_t lb = wasm_f32x4_add(GL_V(GL_LN2_HI),
                                   wasm_f32x4_add(l, wasm_f32x4_add(cb, GL_V(GL_LN2_LO))));
  return wasm_v128_bitselect(lb, l, big);
}

/* ---- G(a) = erfcx(a / sqrt2) = exp(a^2/2) erfc(a / sqrt2) for a >= 0 ------------
 * (so that Phi(-a) = exp(-a^2/2) G(a) / 2), in double lanes, for a in
 * [0, 13.25] (callers clamp: beyond, exp(-a^2/2) is flushed to 0 anyway,
 * gl_vexp_mhalfsq). One piece for the whole range: t = 1 / (3.5 + a) in
 * [0.0597, 0.286], G / 2 = t Q(t) with Q of degree 9, fitted offline (Chebyshev
 * basis on the t interval, Lawson iteration on the relative error, converted to
 * monomials; the coefficients are used as doubles, halved exactly): relative
 * error 7.3e-9 (0.12 2^-24), checked on 4001 points with double Horner. (As
 * t -> 0, G ~ sqrt(2/pi)/a = sqrt(2/pi) t/(1 - 3.5 t): t Q(t) is smooth there.)
 * The shift 3.5 (instead of t = 1/(1 + 0.45 a), degree 10, 7.4e-9 on
 * [0, 20]) spares the multiplication of a and one degree; 3.5 and 4 were the
 * best of 1 ... 14 for degrees 8 and 9 (degree 8: 5.5e-8, 0.93 2^-24, too
 * close to a float ulp). One division, 9 multiply-adds and the product with
 * t. Rounding in double is ~2^-50. NaN propagates. */
#define GL_D(c) wasm_f64x2_splat(c)
static inline v128_t gl_verfcx_g2_f64(v128_t a) {
  const v128_t t = wasm_f64x2_div(GL_D(1.0), wasm_f64x2_add(a, GL_D(3.5)));
  v128_t q = wasm_f64x2_add(GL_D(8367.970102689753), wasm_f64x2_mul(t, GL_D(-4587.43817922513)));
  q = wasm_f64x2_add(GL_D(-5787.164037929028), wasm_f64x2_mul(t, q));
  q = wasm_f64x2_add(GL_D(1754.9209287589701), wasm_f64x2_mul(t, q));
  q = wasm_f64x2_add(GL_D(-258.5601161474506), wasm_f64x2_mul(t, q));
  q = wasm_f64x2_add(GL_D(70.21353630528243), wasm_f64x2_mul(t, q));
  q = wasm_f64x2_add(GL_D(9.878415144185103), wasm_f64x2_mul(t, q));
  q = wasm_f64x2_add(GL_D(4.639082982330756), wasm_f64x2_mul(t, q));
  q = wasm_f64x2_add(GL_D(1.3920134664572419), wasm_f64x2_mul(t, q));
  q = wasm_f64x2_add(GL_D(0.3989951097423431), wasm_f64x2_mul(t, q));
  return wasm_f64x2_mul(t, q);
}

/* exp(-a^2/2) for a in [0, 13.25] (callers clamp; NaN propagates) without
 * the rounding error of a^2: a = ah + al with ah = a with the low 12 mantissa
 * bits cleared (so ah^2 is exact), then -a^2/2 = hi + lo, hi = -ah^2/2 exact,
 * lo = -(ah al + al^2/2) = (-al/2)(ah + a) (|lo| < 2^-4, its roundings are
 * ~2^-27 in the exponent). One scaling (the biased magic of gl_vexp_normal):
 * at a = 13.25 (exact in ah), -a^2/2 = -87.78, n = -127 builds 2^n = +0, so
 * results below ~0.7 2^-126 (a > 13.24) are flushed to +0, subnormal results
 * above are correctly rounded, ~1 ulp otherwise. The flush is within gelu's
 * absolute bounds: a E G / 2 < 0.4 2^-126 there (2^-126 for f), and
 * a E / sqrt(2 pi) < 6 2^-126 (2^-23 for f'). */
static inline v128_t gl_vexp_mhalfsq(v128_t a) {
  const v128_t ah = wasm_v128_and(a, wasm_i32x4_splat((int32_t)0xFFFFF000u));
  const v128_t al = wasm_f32x4_sub(a, ah);
  const v128_t hi = wasm_f32x4_mul(ah, wasm_f32x4_mul(ah, GL_V(-0.5f)));
  const v128_t lo = wasm_f32x4_mul(wasm_f32x4_mul(al, GL_V(-0.5f)), wasm_f32x4_add(ah, a));
  const v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_add(hi, lo), GL_V(GL_LOG2E)), GL_V(GL_MAGIC_B127));
  const v128_t n = wasm_f32x4_sub(v, GL_V(GL_MAGIC_B127));
  v128_t r = wasm_f32x4_sub(hi, wasm_f32x4_mul(n, GL_V(GL_LN2_HI)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, GL_V(GL_LN2_LO)));
  r = wasm_f32x4_add(r, lo);
  const v128_t e = wasm_f32x4_add(GL_V(1.0f), gl_vexpm1_poly(r));
  return wasm_f32x4_mul(e, wasm_i32x4_shl(v, 23));
}

/* ---- relu, for its kernels and the trainer's matrix epilogue (network.c) ---
 * relu = pmax(x, 0) = x < 0 ? 0 : x (keeps NaN and -0); relu' = x > 0 ? 1 : 0,
 * NaN put back. */
static inline v128_t gl_vrelu(v128_t x) { return gl_vmaxc(x, GL_V(0.0f)); }
static inline v128_t gl_vrelu_d(v128_t x) {
  return wasm_v128_bitselect(x, wasm_v128_and(wasm_f32x4_gt(x, GL_V(0.0f)), GL_V(1.0f)), wasm_f32x4_ne(x, x));
}

#endif /* GL_VMATH_H */

/*
 * kernels_simd.h — the vector forms of the activations (one v128 of four
 * floats in, one out; f, f' and the pieces f and f' share), for the SIMD128
 * kernels of kernels_simd.c (f, f') and kernels_simd_fused.c (f and f' in one
 * pass). Internal: included by those two files only; every function is
 * static inline, so each kernel is compiled with its vector form inlined.
 */
#ifndef GL_KERNELS_SIMD_H
#define GL_KERNELS_SIMD_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "activations.h"
#include "simd.h"
#include "vmath.h"

#define GL_NOSETUP ((void)0)
static inline float alpha_of(const gl_act_params *p, float def) { return p ? p->alpha : def; }

/* NaN lanes of vx -> all-ones mask */
static inline v128_t vnanmask(v128_t vx) { return wasm_f32x4_ne(vx, vx); }
/* keep NaN inputs: where vx is NaN return vx, else r */
static inline v128_t vkeepnan(v128_t vx, v128_t r) { return wasm_v128_bitselect(vx, r, vnanmask(vx)); }

/* ---- linear, step, relu, leaky_relu ---------------------------------------- */
/* step: (x > 0) & 1.0f; NaN compares false and is put back */
/* relu: gl_vrelu / gl_vrelu_d (vmath.h; the trainer's inference epilogue uses gl_vrelu too) */
/* leaky_relu: x > 0 ? x : alpha x; alpha = 0 and x = -inf would give 0 * inf =
 * NaN: a NaN from a non-NaN x is replaced by -0 (the limit) */
static inline v128_t vleakyrelu(v128_t vx, v128_t va) {
  const v128_t ax = wasm_f32x4_mul(va, vx);
  const v128_t bad = wasm_v128_andnot(vnanmask(ax), vnanmask(vx));
  const v128_t neg = wasm_v128_bitselect(wasm_f32x4_splat(-0.0f), ax, bad);
  return wasm_v128_bitselect(vx, neg, wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)));
}

/* ---- softsign = x / (1 + |x|), +-inf -> +-1; f' = r * r, r = 1 / (1 + |x|) -- */
static inline v128_t vsoftsign(v128_t vx) {
  const v128_t ax = wasm_f32x4_abs(vx);
  const v128_t q = wasm_f32x4_div(vx, wasm_f32x4_add(wasm_f32x4_splat(1.0f), ax));
  const v128_t isinf = wasm_f32x4_eq(ax, wasm_f32x4_splat(INFINITY));
  /* inf / inf = NaN: replace by sign(x) * 1 */
  const v128_t one_signed = wasm_v128_or(wasm_f32x4_splat(1.0f),
                                         wasm_v128_and(vx, wasm_f32x4_splat(-0.0f)));
  return wasm_v128_bitselect(one_signed, q, isinf);
}
static inline v128_t vsoftsign_d(v128_t vx) {
  const v128_t r = wasm_f32x4_div(wasm_f32x4_splat(1.0f),
                                  wasm_f32x4_add(wasm_f32x4_splat(1.0f), wasm_f32x4_abs(vx)));
  return wasm_f32x4_mul(r, r);
}

/* ---- hard_sigmoid = min(max(x + 3, 0), 6) / 6 ------------------------------- */
static inline v128_t vhardsigmoid(v128_t vx) {
  const v128_t t = wasm_f32x4_add(vx, wasm_f32x4_splat(3.0f));
  const v128_t c = gl_vminc(gl_vmaxc(t, wasm_f32x4_splat(0.0f)), wasm_f32x4_splat(6.0f));
  return wasm_f32x4_div(c, wasm_f32x4_splat(6.0f)); /* the clamps keep NaN */
}
static inline v128_t vhardsigmoid_d(v128_t vx) {
  const v128_t in = wasm_v128_and(wasm_f32x4_gt(vx, wasm_f32x4_splat(-3.0f)),
                                  wasm_f32x4_lt(vx, wasm_f32x4_splat(3.0f)));
  return vkeepnan(vx, wasm_v128_and(in, wasm_f32x4_splat(1.0f / 6.0f)));
}

/* Helpers shared by the exp-based kernels. */
#define GL_SIGNMASK wasm_f32x4_splat(-0.0f)
/* clamp to [-200, 200] before multiplying x by a factor that tends to 0:
 * (+-inf) * 0 would be NaN, the limits are 0 / x. NaN stays NaN. */
static inline v128_t vclamp200(v128_t vx) {
  return gl_vmaxc(gl_vminc(vx, GL_V(200.0f)), GL_V(-200.0f));
}
/* forward kernels x g(x) with g -> 0 only for x -> -inf: clamp below only */
static inline v128_t vclampneg200(v128_t vx) { return gl_vmaxc(vx, GL_V(-200.0f)); }

/* ---- sigmoid: e = exp(-|x|) in (0, 1], never overflows ------------------------
 * s(x) = (x >= 0 ? 1 : e) / (1 + e). Errors: e ~1 ulp, 1 + e and the division
 * 0.5 ulp each. x = +-inf -> 1 / 0 (exp of the clamp -87.9 is built as 0); NaN -> NaN;
 * results below ~0.7 2^-126 (x < -87.68) are flushed to 0 (gl_vexp_normal; the
 * row's absolute bound is 2^-126).
 * s'(x) = s(1 - s) = e / (1 + e)^2 (even, no cancellation; the rounding of
 * 1 + e is corrected, gl_vdiv_sq_1pe). */
static inline v128_t vsigmoid(v128_t vx) {
  const v128_t e = gl_vexp_normal(gl_vnegabs(vx));
  const v128_t num = wasm_v128_bitselect(GL_V(1.0f), e, wasm_f32x4_ge(vx, GL_V(0.0f)));
  return wasm_f32x4_div(num, wasm_f32x4_add(GL_V(1.0f), e));
}
static inline v128_t vsigmoid_d(v128_t vx) {
  const v128_t e = gl_vexp_normal(gl_vnegabs(vx));
  return gl_vdiv_sq_1pe(e, e);
}

/* ---- tanh, odd: computed for |x|, then the sign of x is OR-ed back ------------
 * One reduction serves all three kernels: z = -2|x| = n ln2 + r (rr2), p =
 * expm1(r) (degree 6), s = 2^n. Then
 *   num = -expm1(z) = (1 - s) - s p   (1 - s exact for n >= -24; one rounding),
 *   tanh|x| = num / (2 - num)          (one division for every |x|: small |x|
 *     keeps expm1's accuracy, tanh(+-0) = +-0 (num = +0), tiny x -> x; large |x|:
 *     2 - num = 1 + e, the same as (1 - e) / (1 + e)),
 *   tanh' = 1 - tanh^2 = 4e / (1 + e)^2, 4e = (1 + p) 2^(n+2) (gl_vdiv_sq_1pe).
 * num >= 0, so t >= +0 and the sign is OR-ed in without an abs.
 * Clamps: the forward clamps z at -20 (n >= -29); the derivative and the fused
 * kernel at -89.3 (n >= -129: 2^(n+2) >= 2^-127 builds +0, so 4e is flushed to 0
 * below ~0.7 2^-126, |x| > ~44.5, within the row's absolute bound 2^-126), the
 * fused kernel taking s = 2^(n+2) / 4 (exact where it matters). The forward is
 * the same either way: for n <= -25 (z < -16.98) num rounds to 1 exactly
 * (s - 1 = -1 after rounding, s p < half an ulp), whatever the clamp; so no
 * minus-one mask (expm1 = -1 below ln 2^-25) and no second, full-range exp for
 * far lanes in the fused kernel. Checked over all 2^32 inputs: the forward and
 * the derivative are bit-identical to the previous formulation (expm1 with the
 * -1 mask, -em / (2 + em); gl_vexp4_normal), and the fused kernel to them.
 * +-inf -> +-1 (the clamp), NaN -> NaN (arithmetic propagates it). */
static inline v128_t vtanh_reduce(v128_t vx, v128_t lo, v128_t *p) {
  /* -|x| as one OR of the sign bit (V8 rebuilds abs's mask in every iteration) */
  const v128_t z = gl_vmaxc(wasm_f32x4_mul(gl_vnegabs(vx), GL_V(2.0f)), lo);
  const v128_t v = wasm_f32x4_add(wasm_f32x4_mul(z, GL_V(GL_LOG2E)), GL_V(GL_MAGIC));
  const v128_t n = wasm_f32x4_sub(v, GL_V(GL_MAGIC));
  v128_t r = wasm_f32x4_sub(z, wasm_f32x4_mul(n, GL_V(GL_LN2_HI)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, GL_V(GL_LN2_LO)));
  *p = gl_vexpm1_poly(r);
  return wasm_i32x4_sub(v, GL_V(GL_MAGIC)); /* n as int32 lanes */
}
/* tanh|x| with the sign of x, from s = 2^n and p */
static inline v128_t vtanh_from(v128_t vx, v128_t s, v128_t p) {
  const v128_t num = wasm_f32x4_sub(wasm_f32x4_sub(GL_V(1.0f), s), wasm_f32x4_mul(s, p));
  const v128_t t = wasm_f32x4_div(num, wasm_f32x4_sub(GL_V(2.0f), num));
  return wasm_v128_or(t, wasm_v128_and(vx, GL_SIGNMASK));
}
/* 4e = (1 + p) 2^(n+2) */
static inline v128_t vtanh_e4(v128_t ni, v128_t p, v128_t *s4) {
  *s4 = gl_vpow2i(wasm_i32x4_add(ni, wasm_i32x4_splat(2)));
  return wasm_f32x4_mul(wasm_f32x4_add(GL_V(1.0f), p), *s4);
}
static inline v128_t vtanh(v128_t vx) {
  v128_t p;
  const v128_t ni = vtanh_reduce(vx, GL_V(-20.0f), &p);
  return vtanh_from(vx, gl_vpow2i(ni), p);
}
static inline v128_t vtanh_d(v128_t vx) {
  v128_t p, s4;
  const v128_t e4 = vtanh_e4(vtanh_reduce(vx, GL_V(-89.3f), &p), p, &s4);
  return gl_vdiv_sq_1pe(e4, wasm_f32x4_mul(e4, GL_V(0.25f)));
}

/* ---- elu / selu: x > 0 ? k x : a expm1(x), expm1 for x clamped to [-16.6, 0]
 * (below -16.6 expm1 rounds to within half an ulp of -1). The sign of x is
 * OR-ed into the negative branch so elu(-0) = -0. -inf -> -a, NaN -> NaN.
 * Derivative: x > 0 ? k : a exp(x) (full-range exp, subnormal below -87.3). */
static inline v128_t velu_k(v128_t vx, v128_t k, v128_t a) {
  v128_t em;
  gl_vexp_expm1_neg(vx, GL_V(-16.6f), NULL, &em);
  const v128_t neg = wasm_v128_or(wasm_f32x4_mul(a, em), wasm_v128_and(vx, GL_SIGNMASK));
  return wasm_v128_bitselect(wasm_f32x4_mul(k, vx), neg, wasm_f32x4_gt(vx, GL_V(0.0f)));
}
static inline v128_t velu_k_d(v128_t vx, v128_t k, v128_t a) {
  const v128_t neg = wasm_f32x4_mul(a, gl_vexp(gl_vminc(vx, GL_V(0.0f))));
  return wasm_v128_bitselect(k, neg, wasm_f32x4_gt(vx, GL_V(0.0f)));
}
#define GL_SELU_LAMBDA 1.0507009873554805f
#define GL_SELU_LA 1.7580993408473766f /* lambda * alpha, alpha = 1.6732632423543772 */

/* ---- softplus = max(x, 0) + log1p(exp(-|x|)) ---------------------------------
 * exp(-|x|) in [0, 1] -> gl_vlog1p_unit. For x > 16.7 the log1p part is below
 * half an ulp of x; for x < -87.68 the result (= exp(x)) is below 0.7 2^-126 and
 * flushed to 0 (gl_vexp_normal; the row states 2^-126 as absolute bound).
 * +inf -> +inf, -inf -> 0, NaN -> NaN. Derivative = sigmoid (row reuses it). */
static inline v128_t vsoftplus(v128_t vx) {
  const v128_t e = gl_vexp_normal(gl_vnegabs(vx));
  return wasm_f32x4_add(gl_vmaxc(vx, GL_V(0.0f)), gl_vlog1p_unit(e));
}

/* ---- swish = x s(x); swish' = s (1 + x (1 - s)) --------------------------------
 * e = exp(-|x|), d = 1 + e: s(x) = m / d with m = (x >= 0 ? 1 : e), and, as
 * 1 - s = m' / d with m m' = e, swish' = (m d + x e) / d^2:
 *   x >= 0: (d + x e) / d^2 (all terms positive: the num. rounds twice),
 *   x < 0:  (e d + x e) / d^2 (|swish'| < 0.1 there: the absolute bound
 *           2^-23 is >= 8 ulp of it, so its cancellation near the zero at
 *           x = -1.2785 costs nothing that counts, and m = e, x e are shared),
 * so no 1 - s is ever formed and there is no select of two numerators.
 * d^2 = 1 + e (2 + e): three roundings of terms <= 3 and no rounded d in it,
 * relative error <= 1.91 2^-24 over all float e in [0, 1] (exact at e = 1),
 * so num / d^2 is one division and three operations where gl_vdiv_sq_1pe
 * (d d, with the rounding of d corrected) takes a division and seven
 * (its 1 / d^2: <= 2.50 2^-24 including the division; this one <= 2.91).
 * The forward needs e down to the subnormals (x s(x) is normal down to
 * x = -87.3 - log(|x|)): full-range exp (gl_vscale_neg_b127), |x| clamped to
 * 104 there. The derivative takes gl_vexp_normal's single scaling, x clamped
 * to [-87.9, 87.9]: e below ~0.7 2^-126 (|x| > 87.68) is flushed to 0, so
 * swish' = x e (1 + O(e)) is flushed from below 88 2^-126 to 0 for x < -87.68,
 * far inside the row's absolute bound 2^-23 (for x > 87.68 it is 1 either
 * way). x clamped to -200 in the forward's product: swish(-inf) = -0,
 * swish'(+inf) = 1, swish'(-inf) = +0; NaN -> NaN. */
/* e = exp(na), na = max(-|x|, -104), full range, and the biased lanes v */
static inline v128_t vswish_e(v128_t vx, v128_t *v) {
  const v128_t na = gl_vmaxc(gl_vnegabs(vx), GL_V(-104.0f));
  return gl_vscale_neg_b127(gl_vexp_b127_reduce(na, v), *v);
}
/* m = x >= 0 ? 1 : e, for e = exp(-|x|) in [0, 1], as min(max(e, x 2^127), 1):
 * x >= 2^-127 gives x 2^127 >= 1 (+inf for large x); 0 <= x < 2^-127 (and
 * x = -0) has e = 1 exactly; x < 0 gives a negative product, so m = e (also
 * e = 0 for x = -inf). NaN stays NaN. Three operations with hoisted
 * constants, where a compare and a select cost four in V8 (and the sign
 * bit's arithmetic shift becomes a compare and select in LLVM). */
#define GL_SWISH_BIG GL_V(0x1p127f)
static inline v128_t vswish_m(v128_t e, v128_t xbig) {
  return gl_vminc(gl_vmaxc(e, xbig), GL_V(1.0f));
}
static inline v128_t vswish_from_e(v128_t vx, v128_t e, v128_t xbig) {
  const v128_t s = wasm_f32x4_div(vswish_m(e, xbig), wasm_f32x4_add(GL_V(1.0f), e));
  return wasm_f32x4_mul(vclampneg200(vx), s);
}
static inline v128_t vswish(v128_t vx) {
  v128_t v;
  return vswish_from_e(vx, vswish_e(vx, &v), wasm_f32x4_mul(vx, GL_SWISH_BIG));
}
/* swish' from x clamped to a finite xc (|x| clamped to c >= 87.9; beyond
 * 87.68 e = 0 and e (m + xc) = +-0 for any such xc), e = exp(-|x|) and
 * xbig = x 2^127 (vswish_m): num = m d + x e = m + e (m + x) (x >= 0:
 * 1 + e (1 + x), all terms positive, three roundings as d + x e had;
 * x < 0: e (1 + (e + x))), one operation fewer than with d = 1 + e. */
static inline v128_t vswish_d_e(v128_t xc, v128_t e, v128_t xbig) {
  const v128_t m = vswish_m(e, xbig);
  const v128_t num = wasm_f32x4_add(m, wasm_f32x4_mul(e, wasm_f32x4_add(m, xc)));
  const v128_t den = wasm_f32x4_add(GL_V(1.0f), wasm_f32x4_mul(e, wasm_f32x4_add(GL_V(2.0f), e)));
  return wasm_f32x4_div(num, den);
}
static inline v128_t vswish_d(v128_t vx) {
  const v128_t xc = gl_vminc(gl_vmaxc(vx, GL_V(-87.9f)), GL_V(87.9f));
  return vswish_d_e(xc, gl_vexp_normal_clamped(gl_vnegabs(xc)), wasm_f32x4_mul(xc, GL_SWISH_BIG));
}

/* ---- gelu = x Phi(x), Phi(x) = erfc(-x/sqrt2)/2 ---------------------------------
 * a = min(|x|, 13.25), E = exp(-a^2/2) from the exact split of a^2
 * (gl_vexp_mhalfsq: the rounding of a^2 or of a/sqrt2 would cost ~a^2 ulp;
 * flushed to 0 below ~0.7 2^-126, so 13.25 is where E = 0 already), G / 2 =
 * erfcx(a/sqrt2) / 2 in double lanes (gl_verfcx_g2_f64), h = Phi(-|x|) =
 * E G / 2 (for |x| <= 13.25, 0 beyond in float), and then without a select:
 *   gelu = r - a h, r = max(x, -0) (x >= 0: x - x h = x (1 - h);
 *          x < 0: -0 - |x| h = x h; the -0 keeps the sign of gelu(x) < 0
 *          when a h underflows, and gelu(-0) = -0),
 *   gelu' = Phi(x) + x E c = 1/2 + s((1/2 - h) + a E c), s = the sign of x
 *          (XOR-ed into the double; x < 0: h - a E c, the cancellation near the
 *          zero at x = -0.7518 costs double bits only), c = 1/sqrt(2 pi).
 * All after E in double lanes, rounded once: ~1.5 ulp (E ~1 ulp, G 0.12 2^-24,
 * the final rounding). gelu(-inf) = -0, gelu(+inf) = +inf, gelu'(+-inf) =
 * 1 / +0, gelu(-0) = -0, NaN -> NaN. (With F = a G, G and the final products
 * in float, the forward result had ~5.6 ulp near x = -2.5.) */
#define GL_RSQRT_2PI 0.398942280401432677940 /* 1/sqrt(2 pi) */
/* f = r - a E G/2 and / or f' (either pointer may be NULL) of two double
 * lanes: Ed = E, ad = a, rd = r = max(x, -0) (whose sign bit is x's, NaN aside) */
static inline void vgelu_f64(v128_t Ed, v128_t ad, v128_t rd, v128_t *f, v128_t *d) {
  const v128_t G2 = gl_verfcx_g2_f64(ad);
  const v128_t aE = wasm_f64x2_mul(ad, Ed);
  if (f) *f = wasm_f64x2_sub(rd, wasm_f64x2_mul(aE, G2));
  if (d) {
    const v128_t h = wasm_f64x2_mul(Ed, G2);
    const v128_t s = wasm_v128_and(rd, GL_D(-0.0)); /* the sign bit */
    const v128_t u = wasm_f64x2_add(wasm_f64x2_sub(GL_D(0.5), h), wasm_f64x2_mul(aE, GL_D(GL_RSQRT_2PI)));
    *d = wasm_f64x2_add(GL_D(0.5), wasm_v128_xor(u, s));
  }
}
static inline void vgelu_fd(v128_t vx, v128_t *f, v128_t *d) {
  const v128_t a = gl_vminc(wasm_v128_andnot(vx, GL_SIGNMASK), GL_V(13.25f));
  const v128_t E = gl_vexp_mhalfsq(a);
  const v128_t r = gl_vmaxc(vx, GL_SIGNMASK); /* x < -0 ? -0 : x */
  v128_t E0, E1, a0, a1, r0, r1, f0, f1, d0, d1;
  gl_vpromote(E, &E0, &E1);
  gl_vpromote(a, &a0, &a1);
  gl_vpromote(r, &r0, &r1);
  vgelu_f64(E0, a0, r0, f ? &f0 : NULL, d ? &d0 : NULL);
  vgelu_f64(E1, a1, r1, f ? &f1 : NULL, d ? &d1 : NULL);
  if (f) *f = gl_vdemote(f0, f1);
  if (d) *d = gl_vdemote(d0, d1);
}
static inline v128_t vgelu(v128_t vx) { v128_t r; vgelu_fd(vx, &r, NULL); return r; }
static inline v128_t vgelu_d(v128_t vx) { v128_t r; vgelu_fd(vx, NULL, &r); return r; }

/* ---- mish = x tanh(softplus(x)) ------------------------------------------------
 * e = exp(-|x|), a = 1 + e. Using (1 + e^x)^2 = e^(2 sp) and (1 + e)^2 = n + 1:
 * x <= 0: n = e (e + 2), d = n + 2, tanh(sp) = n / d,
 *         mish' = tanh(sp) + x sech^2(sp) sigmoid(x) = e ((e + 2) d + 4 x a) / d^2;
 * x > 0:  n' = 1 + 2e, d' = n' + 2e^2, tanh(sp) = n' / d',
 *         mish' = (n' d' + 4 x e^2 a) / d'^2.
 * (sech^2 sigmoid = 4 e a / d^2 resp. 4 e^2 a / d'^2: no 1 - tanh^2.)
 * mish' crosses zero at x = -1.1924 (absolute bound there). The float
 * version of these steps lost up to 4.3 (forward) / 4.8 ulp (derivative): from
 * e on, everything is evaluated in double lanes.
 * mish(-0) = -0, (-inf) = -0, (+inf) = +inf, NaN -> NaN; x clamped to +-200
 * in the products (the factors are 0 there). */
/* mish (f) and / or mish' (d) of two double lanes: e = exp(-|x|) (promoted
 * from the ~1-ulp float exp), xf / xd = x clamped for f / f', pos = x > 0 */
static inline void vmish_f64(v128_t xf, v128_t xd, v128_t e, v128_t pos, v128_t *f, v128_t *d) {
  const v128_t e2 = wasm_f64x2_mul(e, e);
  const v128_t np = wasm_f64x2_add(GL_D(1.0), wasm_f64x2_add(e, e));
  const v128_t dp = wasm_f64x2_add(np, wasm_f64x2_add(e2, e2));
  const v128_t b = wasm_f64x2_add(e, GL_D(2.0));
  const v128_t nn = wasm_f64x2_mul(e, b);
  const v128_t dn = wasm_f64x2_add(nn, GL_D(2.0));
  const v128_t den = wasm_v128_bitselect(dp, dn, pos);
  if (f) *f = wasm_f64x2_div(wasm_f64x2_mul(xf, wasm_v128_bitselect(np, nn, pos)), den);
  if (d) {
    const v128_t x4a = wasm_f64x2_mul(wasm_f64x2_mul(GL_D(4.0), xd), wasm_f64x2_add(GL_D(1.0), e));
    const v128_t nump = wasm_f64x2_add(wasm_f64x2_mul(np, dp), wasm_f64x2_mul(x4a, e2));
    const v128_t numn = wasm_f64x2_mul(e, wasm_f64x2_add(wasm_f64x2_mul(b, dn), x4a));
    *d = wasm_f64x2_div(wasm_v128_bitselect(nump, numn, pos), wasm_f64x2_mul(den, den));
  }
}
/* e in float (~1 ulp), the rational part in double lanes, one rounding:
 * the exp error passes through with a factor <= 1, so ~1.5 ulp. */
static inline void vmish_fd(v128_t vx, v128_t *f, v128_t *d) {
  const v128_t e = gl_vexp(gl_vnegabs(vx));
  const v128_t xf = vclampneg200(vx), xd = vclamp200(vx); /* both keep the sign */
  v128_t xf0, xf1, xd0, xd1, e0, e1, f0, f1, d0, d1;
  gl_vpromote(e, &e0, &e1);
  gl_vpromote(xf, &xf0, &xf1);
  gl_vpromote(xd, &xd0, &xd1);
  vmish_f64(xf0, xd0, e0, wasm_f64x2_lt(GL_D(0.0), xd0), f ? &f0 : NULL, d ? &d0 : NULL);
  vmish_f64(xf1, xd1, e1, wasm_f64x2_lt(GL_D(0.0), xd1), f ? &f1 : NULL, d ? &d1 : NULL);
  if (f) *f = gl_vdemote(f0, f1);
  if (d) *d = gl_vdemote(d0, d1);
}
static inline v128_t vmish(v128_t vx) { v128_t r; vmish_fd(vx, &r, NULL); return r; }
static inline v128_t vmish_d(v128_t vx) { v128_t r; vmish_fd(vx, NULL, &r); return r; }

#endif /* GL_KERNELS_SIMD_H */

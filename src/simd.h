/*
 * simd.h — one SIMD128 vocabulary for every build.
 *
 *  - wasm with -msimd128:      <wasm_simd128.h> (the real instructions);
 *  - native with SIMDe:        <simde/wasm/simd128.h>, whose native aliases
 *                              give the same wasm_* names (SSE/AVX underneath);
 *  - neither:                  GL_SIMD_EMULATED, a small portable emulation of
 *                              the subset of wasm_* intrinsics gradlab uses
 *                              (four float lanes in a struct), so the vector
 *                              kernels still compile and compute the same
 *                              algorithm lane by lane.
 *
 * Only correctly rounded operations are used (add, sub, mul, div, pmin/pmax,
 * min/max, compare, bit logic, integer add/shift, f32 <-> f64 conversion), and builds use
 * -ffp-contract=off, so a kernel gives bit-identical results in wasm and
 * natively.
 */
#ifndef GL_SIMD_H
#define GL_SIMD_H

#if defined(GL_SIMD_FORCE_EMULATION) /* to test the fallback on any machine */
#define GL_SIMD_EMULATED 1
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define GL_SIMD_NATIVE_WASM 1
#elif defined(__has_include)
#if __has_include(<simde/wasm/simd128.h>)
#ifndef SIMDE_ENABLE_NATIVE_ALIASES
#define SIMDE_ENABLE_NATIVE_ALIASES
#endif
#include <simde/wasm/simd128.h>
#define GL_SIMD_SIMDE 1
#if defined(__clang__)
/* SIMDe's portable fallbacks (e.g. f32x4.nearest without SSE4.1) carry
 * "#pragma clang loop vectorize(enable)"; when clang cannot honour it after
 * inlining it warns, and -Werror turns that into an error. Only this
 * diagnostic is silenced, for the files that include simd.h. */
#pragma clang diagnostic ignored "-Wpass-failed"
#endif
#else
#define GL_SIMD_EMULATED 1
#endif
#else
#define GL_SIMD_EMULATED 1
#endif

#ifdef GL_SIMD_EMULATED
#include <math.h>
#include <stdint.h>
#include <string.h>
typedef union { float f[4]; int32_t i[4]; uint32_t u[4]; double d[2]; int64_t l[2]; } v128_t;
#define GL_E_(name, body) static inline v128_t name body
static inline v128_t wasm_v128_load(const void *p) { v128_t r; memcpy(&r, p, 16); return r; }
static inline void wasm_v128_store(void *p, v128_t a) { memcpy(p, &a, 16); }
static inline v128_t wasm_v128_load32_splat(const void *p) { v128_t r; for (int k = 0; k < 4; k++) memcpy(&r.f[k], p, 4); return r; }
static inline v128_t wasm_f32x4_splat(float x) { v128_t r; for (int k = 0; k < 4; k++) r.f[k] = x; return r; }
static inline v128_t wasm_i32x4_splat(int32_t x) { v128_t r; for (int k = 0; k < 4; k++) r.i[k] = x; return r; }
static inline v128_t wasm_f32x4_make(float a, float b, float c, float d) { v128_t r = {{a, b, c, d}}; return r; }
#define GL_E_BIN_F_(name, expr) \
  static inline v128_t name(v128_t a, v128_t b) { v128_t r; for (int k = 0; k < 4; k++) { float x = a.f[k], y = b.f[k]; r.f[k] = (expr); } return r; }
GL_E_BIN_F_(wasm_f32x4_add, x + y)
GL_E_BIN_F_(wasm_f32x4_sub, x - y)
GL_E_BIN_F_(wasm_f32x4_mul, x * y)
GL_E_BIN_F_(wasm_f32x4_div, x / y)
/* wasm min/max: NaN if either is NaN, -0 < +0 */
GL_E_BIN_F_(wasm_f32x4_min, (x != x || y != y) ? x + y : (x < y ? x : (y < x ? y : (signbit(x) ? x : y))))
GL_E_BIN_F_(wasm_f32x4_max, (x != x || y != y) ? x + y : (x > y ? x : (y > x ? y : (signbit(x) ? y : x))))
/* wasm pmin/pmax: b < a ? b : a / a < b ? b : a (one minps/maxps on x86) */
GL_E_BIN_F_(wasm_f32x4_pmin, y < x ? y : x)
GL_E_BIN_F_(wasm_f32x4_pmax, x < y ? y : x)
#define GL_E_CMP_(name, expr) \
  static inline v128_t name(v128_t a, v128_t b) { v128_t r; for (int k = 0; k < 4; k++) { float x = a.f[k], y = b.f[k]; r.i[k] = (expr) ? -1 : 0; } return r; }
GL_E_CMP_(wasm_f32x4_lt, x < y)
GL_E_CMP_(wasm_f32x4_le, x <= y)
GL_E_CMP_(wasm_f32x4_gt, x > y)
GL_E_CMP_(wasm_f32x4_ge, x >= y)
GL_E_CMP_(wasm_f32x4_eq, x == y)
GL_E_CMP_(wasm_f32x4_ne, x != y)
#define GL_E_BIN_U_(name, expr) \
  static inline v128_t name(v128_t a, v128_t b) { v128_t r; for (int k = 0; k < 4; k++) { uint32_t x = a.u[k], y = b.u[k]; r.u[k] = (expr); } return r; }
GL_E_BIN_U_(wasm_v128_and, x & y)
GL_E_BIN_U_(wasm_v128_or, x | y)
GL_E_BIN_U_(wasm_v128_xor, x ^ y)
GL_E_BIN_U_(wasm_v128_andnot, x & ~y)
GL_E_BIN_U_(wasm_i32x4_add, x + y)
GL_E_BIN_U_(wasm_i32x4_sub, x - y)
static inline v128_t wasm_v128_bitselect(v128_t a, v128_t b, v128_t m) {
  v128_t r; for (int k = 0; k < 4; k++) r.u[k] = (a.u[k] & m.u[k]) | (b.u[k] & ~m.u[k]); return r; }
static inline int wasm_v128_any_true(v128_t a) { return (a.u[0] | a.u[1] | a.u[2] | a.u[3]) != 0; }
static inline v128_t wasm_f32x4_abs(v128_t a) { v128_t r; for (int k = 0; k < 4; k++) r.u[k] = a.u[k] & 0x7fffffffu; return r; }
static inline v128_t wasm_f32x4_neg(v128_t a) { v128_t r; for (int k = 0; k < 4; k++) r.u[k] = a.u[k] ^ 0x80000000u; return r; }
static inline v128_t wasm_f32x4_nearest(v128_t a) { v128_t r; for (int k = 0; k < 4; k++) r.f[k] = nearbyintf(a.f[k]); return r; }
static inline v128_t wasm_f32x4_sqrt(v128_t a) { v128_t r; for (int k = 0; k < 4; k++) r.f[k] = sqrtf(a.f[k]); return r; }
/* lanes c0..c3 of the eight 32-bit lanes of a then b (indices 0-3: a, 4-7: b) */
static inline v128_t wasm_i32x4_shuffle_(v128_t a, v128_t b, int c0, int c1, int c2, int c3) {
  const int c[4] = {c0, c1, c2, c3};
  v128_t r; for (int k = 0; k < 4; k++) r.u[k] = c[k] < 4 ? a.u[c[k]] : b.u[c[k] - 4]; return r; }
#define wasm_i32x4_shuffle(a, b, c0, c1, c2, c3) wasm_i32x4_shuffle_((a), (b), (c0), (c1), (c2), (c3))
static inline v128_t wasm_i32x4_shl(v128_t a, uint32_t s) { v128_t r; for (int k = 0; k < 4; k++) r.u[k] = a.u[k] << s; return r; }
static inline v128_t wasm_i32x4_shr(v128_t a, uint32_t s) { v128_t r; for (int k = 0; k < 4; k++) r.i[k] = a.i[k] >> s; return r; }
static inline v128_t wasm_i32x4_trunc_sat_f32x4(v128_t a) {
  v128_t r; for (int k = 0; k < 4; k++) { float x = a.f[k];
    r.i[k] = x != x ? 0 : x >= 2147483648.0f ? INT32_MAX : x <= -2147483648.0f ? INT32_MIN : (int32_t)x; } return r; }
static inline float wasm_f32x4_extract_lane_(v128_t a, int k) { return a.f[k]; }
/* f64x2: the few operations the double-lane parts of the kernels use */
static inline v128_t wasm_f64x2_splat(double x) { v128_t r; r.d[0] = r.d[1] = x; return r; }
#define GL_E_BIN_D_(name, expr) \
  static inline v128_t name(v128_t a, v128_t b) { v128_t r; for (int k = 0; k < 2; k++) { double x = a.d[k], y = b.d[k]; r.d[k] = (expr); } return r; }
GL_E_BIN_D_(wasm_f64x2_add, x + y)
GL_E_BIN_D_(wasm_f64x2_sub, x - y)
GL_E_BIN_D_(wasm_f64x2_mul, x * y)
GL_E_BIN_D_(wasm_f64x2_div, x / y)
#undef GL_E_BIN_D_
static inline v128_t wasm_f64x2_lt(v128_t a, v128_t b) { v128_t r; for (int k = 0; k < 2; k++) r.l[k] = a.d[k] < b.d[k] ? -1 : 0; return r; }
static inline v128_t wasm_f64x2_eq(v128_t a, v128_t b) { v128_t r; for (int k = 0; k < 2; k++) r.l[k] = a.d[k] == b.d[k] ? -1 : 0; return r; }
static inline double wasm_f64x2_extract_lane_(v128_t a, int k) { return a.d[k]; }
#define wasm_f64x2_extract_lane(a, k) wasm_f64x2_extract_lane_((a), (k))
static inline v128_t wasm_f64x2_promote_low_f32x4(v128_t a) { v128_t r; r.d[0] = a.f[0]; r.d[1] = a.f[1]; return r; }
static inline v128_t wasm_f32x4_demote_f64x2_zero(v128_t a) { v128_t r; r.f[0] = (float)a.d[0]; r.f[1] = (float)a.d[1]; r.f[2] = r.f[3] = 0.0f; return r; }
/* lanes 2, 3 moved to 0, 1 / lanes 0, 1 of a then of b (i64x2 shuffles) */
static inline v128_t gl_vhigh_to_low(v128_t a) { v128_t r = a; r.l[0] = a.l[1]; return r; }
static inline v128_t gl_vlow_pair(v128_t a, v128_t b) { v128_t r; r.l[0] = a.l[0]; r.l[1] = b.l[0]; return r; }
#define wasm_f32x4_extract_lane(a, k) wasm_f32x4_extract_lane_((a), (k))
#undef GL_E_BIN_F_
#undef GL_E_CMP_
#undef GL_E_BIN_U_
#undef GL_E_
#else
static inline v128_t gl_vhigh_to_low(v128_t a) { return wasm_i64x2_shuffle(a, a, 1, 1); }
static inline v128_t gl_vlow_pair(v128_t a, v128_t b) { return wasm_i64x2_shuffle(a, b, 0, 2); }
#endif /* GL_SIMD_EMULATED */

/* Double lanes: the four floats of a as two f64x2 (exact), and back (each
 * double rounded once to float). */
static inline void gl_vpromote(v128_t a, v128_t *lo, v128_t *hi) {
  *lo = wasm_f64x2_promote_low_f32x4(a);
  *hi = wasm_f64x2_promote_low_f32x4(gl_vhigh_to_low(a));
}
static inline v128_t gl_vdemote(v128_t lo, v128_t hi) {
  return gl_vlow_pair(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi));
}

#endif /* GL_SIMD_H */

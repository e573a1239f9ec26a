/*
 * kernels_simd.c — SIMD128 kernels (wasm_simd128.h in wasm, SIMDe natively).
 * One v128 (4 floats) per iteration ("u4"); the tail (n % 4 elements) is
 * copied into a zero-padded stack vector, computed and copied back, so every
 * n works and x == y (in place) is safe.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "activations.h"
#include "simd.h"
#include "vmath.h"

/* Defines kernel fn from a vector expression `body` of v128_t vx. */
#define GL_SIMD_KERNEL(fn, setup, body)                                        \
  void fn(const float *x, float *y, size_t n, const gl_act_params *p) {       \
    (void)p;                                                                  \
    setup;                                                                    \
    size_t i = 0;                                                             \
    for (; i + 4 <= n; i += 4) {                                              \
      const v128_t vx = wasm_v128_load(x + i);                                \
      wasm_v128_store(y + i, (body));                                         \
    }                                                                         \
    if (i < n) {                                                              \
      float buf[4] = {0.0f, 0.0f, 0.0f, 0.0f};                                \
      memcpy(buf, x + i, (n - i) * sizeof(float));                            \
      const v128_t vx = wasm_v128_load(buf);                                  \
      wasm_v128_store(buf, (body));                                           \
      memcpy(y + i, buf, (n - i) * sizeof(float));                            \
    }                                                                         \
  }

#define GL_NOSETUP ((void)0)
static inline float alpha_of(const gl_act_params *p, float def) { return p ? p->alpha : def; }

/* NaN lanes of vx -> all-ones mask */
static inline v128_t vnanmask(v128_t vx) { return wasm_f32x4_ne(vx, vx); }
/* keep NaN inputs: where vx is NaN return vx, else r */
static inline v128_t vkeepnan(v128_t vx, v128_t r) { return wasm_v128_bitselect(vx, r, vnanmask(vx)); }

/* ---- linear, step, relu, leaky_relu ---------------------------------------- */
GL_SIMD_KERNEL(f32_vlinear__wasmsimd_copy_u4, GL_NOSETUP, vx)
GL_SIMD_KERNEL(f32_vlineard__wasmsimd_one_u4, const v128_t one = wasm_f32x4_splat(1.0f),
               vkeepnan(vx, one))
/* step: (x > 0) & 1.0f; NaN compares false and is put back */
GL_SIMD_KERNEL(f32_vstep__wasmsimd_cmp_u4, const v128_t one = wasm_f32x4_splat(1.0f),
               vkeepnan(vx, wasm_v128_and(wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)), one)))
GL_SIMD_KERNEL(f32_vstepd__wasmsimd_zero_u4, GL_NOSETUP, vkeepnan(vx, wasm_f32x4_splat(0.0f)))
/* relu: f32x4.max propagates NaN */
GL_SIMD_KERNEL(f32_vrelu__wasmsimd_max_u4, const v128_t zero = wasm_f32x4_splat(0.0f),
               wasm_f32x4_max(vx, zero))
GL_SIMD_KERNEL(f32_vrelud__wasmsimd_cmp_u4, const v128_t one = wasm_f32x4_splat(1.0f),
               vkeepnan(vx, wasm_v128_and(wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)), one)))
GL_SIMD_KERNEL(f32_vleakyrelu__wasmsimd_select_u4,
               const v128_t va = wasm_f32x4_splat(alpha_of(p, 0.01f)),
               wasm_v128_bitselect(vx, wasm_f32x4_mul(va, vx),
                                   wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f))))
GL_SIMD_KERNEL(f32_vleakyrelud__wasmsimd_select_u4,
               const v128_t va = wasm_f32x4_splat(alpha_of(p, 0.01f)),
               vkeepnan(vx, wasm_v128_bitselect(wasm_f32x4_splat(1.0f), va,
                                                wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)))))

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
GL_SIMD_KERNEL(f32_vsoftsign__wasmsimd_div_u4, GL_NOSETUP, vsoftsign(vx))
GL_SIMD_KERNEL(f32_vsoftsignd__wasmsimd_div_u4, GL_NOSETUP, vsoftsign_d(vx))

/* ---- hard_sigmoid = min(max(x + 3, 0), 6) / 6 ------------------------------- */
static inline v128_t vhardsigmoid(v128_t vx) {
  const v128_t t = wasm_f32x4_add(vx, wasm_f32x4_splat(3.0f));
  const v128_t c = wasm_f32x4_min(wasm_f32x4_max(t, wasm_f32x4_splat(0.0f)), wasm_f32x4_splat(6.0f));
  return wasm_f32x4_div(c, wasm_f32x4_splat(6.0f)); /* max/min keep NaN */
}
static inline v128_t vhardsigmoid_d(v128_t vx) {
  const v128_t in = wasm_v128_and(wasm_f32x4_gt(vx, wasm_f32x4_splat(-3.0f)),
                                  wasm_f32x4_lt(vx, wasm_f32x4_splat(3.0f)));
  return vkeepnan(vx, wasm_v128_and(in, wasm_f32x4_splat(1.0f / 6.0f)));
}
GL_SIMD_KERNEL(f32_vhardsigmoid__wasmsimd_clamp_div_u4, GL_NOSETUP, vhardsigmoid(vx))
GL_SIMD_KERNEL(f32_vhardsigmoidd__wasmsimd_cmp_u4, GL_NOSETUP, vhardsigmoid_d(vx))

/* ---- TEMPORARY: exp-based kernels forward to the scalar ones until the
 * vector versions land (next commit). ---------------------------------------- */
#define GL_FWD_TMP(vfn, sfn) \
  void vfn(const float *x, float *y, size_t n, const gl_act_params *p) { sfn(x, y, n, p); }
GL_FWD_TMP(f32_vsigmoid__wasmsimd_rr2_p6_div_u4, f32_vsigmoid__scalar_expf_div)
GL_FWD_TMP(f32_vsigmoidd__wasmsimd_rr2_p6_div_u4, f32_vsigmoidd__scalar_expf_div)
GL_FWD_TMP(f32_vtanh__wasmsimd_expm1_rr2_p6_div_u4, f32_vtanh__scalar_tanhf)
GL_FWD_TMP(f32_vtanhd__wasmsimd_rr2_p6_div_u4, f32_vtanhd__scalar_expf_div)
GL_FWD_TMP(f32_velu__wasmsimd_expm1_rr2_p6_u4, f32_velu__scalar_expm1f)
GL_FWD_TMP(f32_velud__wasmsimd_rr2_p6_u4, f32_velud__scalar_expf)
GL_FWD_TMP(f32_vselu__wasmsimd_expm1_rr2_p6_u4, f32_vselu__scalar_expm1f)
GL_FWD_TMP(f32_vselud__wasmsimd_rr2_p6_u4, f32_vselud__scalar_expf)
GL_FWD_TMP(f32_vsoftplus__wasmsimd_rr2_p6_log1p_p9_u4, f32_vsoftplus__scalar_log1pf_expf)
GL_FWD_TMP(f32_vswish__wasmsimd_rr2_p6_div_u4, f32_vswish__scalar_expf_div)
GL_FWD_TMP(f32_vswishd__wasmsimd_rr2_p6_div_u4, f32_vswishd__scalar_expf_div)
GL_FWD_TMP(f32_vgelu__wasmsimd_erfcx_r_rr2_p6_u4, f32_vgelu__scalar_erfc)
GL_FWD_TMP(f32_vgelud__wasmsimd_erfcx_r_rr2_p6_u4, f32_vgelud__scalar_erfc_exp)
GL_FWD_TMP(f32_vmish__wasmsimd_rr2_p6_div_u4, f32_vmish__scalar_expf_div)
GL_FWD_TMP(f32_vmishd__wasmsimd_rr2_p6_div_u4, f32_vmishd__scalar_expf_div)
GL_FWD_TMP(f32_vsoftmax__wasmsimd_rr2_p6_u4, f32_vsoftmax__scalar_expf)
GL_FWD_TMP(f32_vsoftmaxd__wasmsimd_rr2_p6_u4, f32_vsoftmaxd__scalar_expf)

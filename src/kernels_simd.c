/*
 * kernels_simd.c — SIMD128 kernels (wasm_simd128.h in wasm, SIMDe natively)
 * of every element-wise activation's f and f', from the vector forms of
 * kernels_simd.h. Element-wise kernels take two v128 (8 floats) per iteration
 * ("u8": two independent dependency chains, ~10% faster in V8 than one), then
 * one, and the tail (n % 4 elements) is copied into a zero-padded stack
 * vector, computed and copied back, so every n works and x == y (in place) is
 * safe. The fused kernels (f and f' in one pass) are in kernels_simd_fused.c,
 * softmax in kernels_simd_softmax.c.
 */
#include "kernels_simd.h"

/* Defines kernel fn from a vector expression `body` of v128_t vx. */
#define GL_SIMD_KERNEL(fn, setup, body)                                        \
  void fn(const float *x, float *y, size_t n, const gl_act_params *p) {       \
    (void)p;                                                                  \
    setup;                                                                    \
    size_t i = 0;                                                             \
    for (; i + 8 <= n; i += 8) { /* two independent vectors per iteration */  \
      const v128_t vx0 = wasm_v128_load(x + i), vx1 = wasm_v128_load(x + i + 4); \
      v128_t r0, r1;                                                          \
      { const v128_t vx = vx0; r0 = (body); }                                 \
      { const v128_t vx = vx1; r1 = (body); }                                 \
      wasm_v128_store(y + i, r0);                                             \
      wasm_v128_store(y + i + 4, r1);                                         \
    }                                                                         \
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

GL_SIMD_KERNEL(f32_vlinear__wasmsimd_copy_u8, GL_NOSETUP, vx)
GL_SIMD_KERNEL(f32_vlineard__wasmsimd_one_u8, const v128_t one = wasm_f32x4_splat(1.0f),
               vkeepnan(vx, one))
GL_SIMD_KERNEL(f32_vstep__wasmsimd_cmp_u8, const v128_t one = wasm_f32x4_splat(1.0f),
               vkeepnan(vx, wasm_v128_and(wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)), one)))
GL_SIMD_KERNEL(f32_vstepd__wasmsimd_zero_u8, GL_NOSETUP, vkeepnan(vx, wasm_f32x4_splat(0.0f)))
GL_SIMD_KERNEL(f32_vrelu__wasmsimd_max_u8, GL_NOSETUP, gl_vrelu(vx))
GL_SIMD_KERNEL(f32_vrelud__wasmsimd_cmp_u8, GL_NOSETUP, gl_vrelu_d(vx))
GL_SIMD_KERNEL(f32_vleakyrelu__wasmsimd_select_u8,
               const v128_t va = wasm_f32x4_splat(alpha_of(p, 0.01f)), vleakyrelu(vx, va))
GL_SIMD_KERNEL(f32_vleakyrelud__wasmsimd_select_u8,
               const v128_t va = wasm_f32x4_splat(alpha_of(p, 0.01f)),
               vkeepnan(vx, wasm_v128_bitselect(wasm_f32x4_splat(1.0f), va,
                                                wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)))))
GL_SIMD_KERNEL(f32_vsoftsign__wasmsimd_div_u8, GL_NOSETUP, vsoftsign(vx))
GL_SIMD_KERNEL(f32_vsoftsignd__wasmsimd_div_u8, GL_NOSETUP, vsoftsign_d(vx))
GL_SIMD_KERNEL(f32_vhardsigmoid__wasmsimd_clamp_div_u8, GL_NOSETUP, vhardsigmoid(vx))
GL_SIMD_KERNEL(f32_vhardsigmoidd__wasmsimd_cmp_u8, GL_NOSETUP, vhardsigmoid_d(vx))
GL_SIMD_KERNEL(f32_vsigmoid__wasmsimd_rr2_p6_div_u8, GL_NOSETUP, vsigmoid(vx))
GL_SIMD_KERNEL(f32_vsigmoidd__wasmsimd_rr2_p6_div_u8, GL_NOSETUP, vsigmoid_d(vx))
GL_SIMD_KERNEL(f32_vtanh__wasmsimd_expm1_rr2_p6_div_u8, GL_NOSETUP, vtanh(vx))
GL_SIMD_KERNEL(f32_vtanhd__wasmsimd_rr2_p6_div_u8, GL_NOSETUP, vtanh_d(vx))
GL_SIMD_KERNEL(f32_velu__wasmsimd_expm1_rr2_p6_u8, const v128_t va = GL_V(alpha_of(p, 1.0f)),
               wasm_v128_bitselect(vx, velu_k(vx, GL_V(1.0f), va), wasm_f32x4_gt(vx, GL_V(0.0f))))
GL_SIMD_KERNEL(f32_velud__wasmsimd_rr2_p6_u8, const v128_t va = GL_V(alpha_of(p, 1.0f)),
               velu_k_d(vx, GL_V(1.0f), va))
GL_SIMD_KERNEL(f32_vselu__wasmsimd_expm1_rr2_p6_u8, GL_NOSETUP,
               velu_k(vx, GL_V(GL_SELU_LAMBDA), GL_V(GL_SELU_LA)))
GL_SIMD_KERNEL(f32_vselud__wasmsimd_rr2_p6_u8, GL_NOSETUP,
               velu_k_d(vx, GL_V(GL_SELU_LAMBDA), GL_V(GL_SELU_LA)))
GL_SIMD_KERNEL(f32_vsoftplus__wasmsimd_rr2_p6_log1p_p9_u8, GL_NOSETUP, vsoftplus(vx))
GL_SIMD_KERNEL(f32_vswish__wasmsimd_rr2_p6_div_u8, GL_NOSETUP, vswish(vx))
GL_SIMD_KERNEL(f32_vswishd__wasmsimd_rr2_p6_div_u8, GL_NOSETUP, vswish_d(vx))
GL_SIMD_KERNEL(f32_vgelu__wasmsimd_erfcx_r_rr2_p6_f64_u8, GL_NOSETUP, vgelu(vx))
GL_SIMD_KERNEL(f32_vgelud__wasmsimd_erfcx_r_rr2_p6_f64_u8, GL_NOSETUP, vgelu_d(vx))
GL_SIMD_KERNEL(f32_vmish__wasmsimd_rr2_p6_f64_div_u8, GL_NOSETUP, vmish(vx))
GL_SIMD_KERNEL(f32_vmishd__wasmsimd_rr2_p6_f64_div_u8, GL_NOSETUP, vmish_d(vx))

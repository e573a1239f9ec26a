/*
 * kernels_simd_fused.c — the fused SIMD128 kernels (gl_vfn2, activations.h):
 * f and f' of an element-wise activation in one pass, the shared part (exp,
 * erfc) computed once; bit-identical to the separate kernels of
 * kernels_simd.c, from the same vector forms (kernels_simd.h). The fused tanh
 * kernel ("u16") takes four v128 per iteration first.
 */
#include "kernels_simd.h"

/* ---- fused f and f' (gl_vfn2): one pass, the shared part computed once ------
 * fd is a statement that sets *pf = f(vx) and *pd = f'(vx), using the same
 * inline helpers as the separate kernels above (bit-identical results, tested). */
/* `wide`: a first loop over four vectors (16 floats) per iteration, for
 * the kernel whose speed the trainer's headline workload hangs on (tanh:
 * about a third of the deep tanh net's training time; measured 5-7% faster
 * training in V8, where the other kernels keep the smaller code). */
#define GL_SIMD_KERNEL2_(fn, setup, fd, wide)                                  \
  void fn(const float *x, float *y, float *dy, size_t n, const gl_act_params *p) { \
    (void)p;                                                                  \
    setup;                                                                    \
    size_t i = 0;                                                             \
    if (wide)                                                                 \
      for (; i + 16 <= n; i += 16) {                                          \
        const v128_t vx0 = wasm_v128_load(x + i), vx1 = wasm_v128_load(x + i + 4); \
        const v128_t vx2 = wasm_v128_load(x + i + 8), vx3 = wasm_v128_load(x + i + 12); \
        v128_t f0, d0, f1, d1, f2, d2, f3, d3;                                \
        { const v128_t vx = vx0; v128_t *pf = &f0, *pd = &d0; fd; }           \
        { const v128_t vx = vx1; v128_t *pf = &f1, *pd = &d1; fd; }           \
        { const v128_t vx = vx2; v128_t *pf = &f2, *pd = &d2; fd; }           \
        { const v128_t vx = vx3; v128_t *pf = &f3, *pd = &d3; fd; }           \
        wasm_v128_store(y + i, f0); wasm_v128_store(y + i + 4, f1);           \
        wasm_v128_store(y + i + 8, f2); wasm_v128_store(y + i + 12, f3);      \
        wasm_v128_store(dy + i, d0); wasm_v128_store(dy + i + 4, d1);         \
        wasm_v128_store(dy + i + 8, d2); wasm_v128_store(dy + i + 12, d3);    \
      }                                                                       \
    for (; i + 8 <= n; i += 8) {                                              \
      const v128_t vx0 = wasm_v128_load(x + i), vx1 = wasm_v128_load(x + i + 4); \
      v128_t f0, d0, f1, d1;                                                  \
      { const v128_t vx = vx0; v128_t *pf = &f0, *pd = &d0; fd; }             \
      { const v128_t vx = vx1; v128_t *pf = &f1, *pd = &d1; fd; }             \
      wasm_v128_store(y + i, f0);                                             \
      wasm_v128_store(y + i + 4, f1);                                         \
      wasm_v128_store(dy + i, d0);                                            \
      wasm_v128_store(dy + i + 4, d1);                                        \
    }                                                                         \
    for (; i + 4 <= n; i += 4) {                                              \
      const v128_t vx = wasm_v128_load(x + i);                                \
      v128_t f0, d0, *pf = &f0, *pd = &d0;                                    \
      fd;                                                                     \
      wasm_v128_store(y + i, f0);                                             \
      wasm_v128_store(dy + i, d0);                                            \
    }                                                                         \
    if (i < n) {                                                              \
      float buf[4] = {0.0f, 0.0f, 0.0f, 0.0f};                                \
      memcpy(buf, x + i, (n - i) * sizeof(float));                            \
      const v128_t vx = wasm_v128_load(buf);                                  \
      v128_t f0, d0, *pf = &f0, *pd = &d0;                                    \
      fd;                                                                     \
      wasm_v128_store(buf, f0);                                               \
      memcpy(y + i, buf, (n - i) * sizeof(float));                            \
      wasm_v128_store(buf, d0);                                               \
      memcpy(dy + i, buf, (n - i) * sizeof(float));                           \
    }                                                                         \
  }
#define GL_SIMD_KERNEL2(fn, setup, fd) GL_SIMD_KERNEL2_(fn, setup, fd, 0)

/* the piecewise-linear ones: nothing to share, both expressions */
GL_SIMD_KERNEL2(f32_vlinear_fd__wasmsimd_copy_u8, const v128_t one = wasm_f32x4_splat(1.0f),
                (*pf = vx, *pd = vkeepnan(vx, one)))
GL_SIMD_KERNEL2(f32_vstep_fd__wasmsimd_cmp_u8, const v128_t one = wasm_f32x4_splat(1.0f),
                (*pf = vkeepnan(vx, wasm_v128_and(wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)), one)),
                 *pd = vkeepnan(vx, wasm_f32x4_splat(0.0f))))
GL_SIMD_KERNEL2(f32_vrelu_fd__wasmsimd_max_u8, GL_NOSETUP, (*pf = gl_vrelu(vx), *pd = gl_vrelu_d(vx)))
GL_SIMD_KERNEL2(f32_vleakyrelu_fd__wasmsimd_select_u8, const v128_t va = wasm_f32x4_splat(alpha_of(p, 0.01f)),
                (*pf = vleakyrelu(vx, va),
                 *pd = vkeepnan(vx, wasm_v128_bitselect(wasm_f32x4_splat(1.0f), va,
                                                        wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f))))))
GL_SIMD_KERNEL2(f32_vsoftsign_fd__wasmsimd_div_u8, GL_NOSETUP, (*pf = vsoftsign(vx), *pd = vsoftsign_d(vx)))
GL_SIMD_KERNEL2(f32_vhardsigmoid_fd__wasmsimd_clamp_div_u8, GL_NOSETUP,
                (*pf = vhardsigmoid(vx), *pd = vhardsigmoid_d(vx)))

/* sigmoid: e = exp(-|x|) once */
static inline void vsigmoid_fd(v128_t vx, v128_t *f, v128_t *d) {
  const v128_t e = gl_vexp_normal(gl_vnegabs(vx));
  const v128_t num = wasm_v128_bitselect(GL_V(1.0f), e, wasm_f32x4_ge(vx, GL_V(0.0f)));
  *f = wasm_f32x4_div(num, wasm_f32x4_add(GL_V(1.0f), e));
  *d = gl_vdiv_sq_1pe(e, e);
}
GL_SIMD_KERNEL2(f32_vsigmoid_fd__wasmsimd_rr2_p6_div_u8, GL_NOSETUP, vsigmoid_fd(vx, pf, pd))

/* tanh: one reduction gives f and f' (see vtanh above: no second exp). */
static inline void vtanh_fd(v128_t vx, v128_t *f, v128_t *d) {
  v128_t p, s4;
  const v128_t e4 = vtanh_e4(vtanh_reduce(vx, GL_V(-89.3f), &p), p, &s4);
  *f = vtanh_from(vx, wasm_f32x4_mul(s4, GL_V(0.25f)), p);
  *d = gl_vdiv_sq_1pe(e4, wasm_f32x4_mul(e4, GL_V(0.25f)));
}
GL_SIMD_KERNEL2_(f32_vtanh_fd__wasmsimd_expm1_rr2_p6_div_u16, GL_NOSETUP, vtanh_fd(vx, pf, pd), 1)

/* elu / selu: one evaluation gives expm1(x) and exp(x) for x >= -16.6; a
 * vector with a lane below is given the full-range exp (as the separate
 * derivative) for those lanes. */
static inline v128_t velu_k_exp(v128_t vx, v128_t *em) {
  v128_t e;
  gl_vexp_expm1_neg(vx, GL_V(-16.6f), &e, em);
  const v128_t far = wasm_f32x4_lt(vx, GL_V(-16.6f));
  if (wasm_v128_any_true(far)) e = wasm_v128_bitselect(gl_vexp(gl_vminc(vx, GL_V(0.0f))), e, far);
  return e;
}
static inline void velu_k_fd(v128_t vx, v128_t k, v128_t a, v128_t *f, v128_t *d) {
  v128_t em;
  const v128_t e = velu_k_exp(vx, &em);
  const v128_t pos = wasm_f32x4_gt(vx, GL_V(0.0f));
  const v128_t neg = wasm_v128_or(wasm_f32x4_mul(a, em), wasm_v128_and(vx, GL_SIGNMASK));
  *f = wasm_v128_bitselect(wasm_f32x4_mul(k, vx), neg, pos);
  *d = wasm_v128_bitselect(k, wasm_f32x4_mul(a, e), pos);
}
GL_SIMD_KERNEL2(f32_velu_fd__wasmsimd_expm1_rr2_p6_u8, const v128_t va = GL_V(alpha_of(p, 1.0f)),
                (velu_k_fd(vx, GL_V(1.0f), va, pf, pd),
                 *pf = wasm_v128_bitselect(vx, *pf, wasm_f32x4_gt(vx, GL_V(0.0f)))))
GL_SIMD_KERNEL2(f32_vselu_fd__wasmsimd_expm1_rr2_p6_u8, GL_NOSETUP,
                velu_k_fd(vx, GL_V(GL_SELU_LAMBDA), GL_V(GL_SELU_LA), pf, pd))

/* softplus and its derivative sigmoid: e = exp(-|x|) once */
static inline void vsoftplus_fd(v128_t vx, v128_t *f, v128_t *d) {
  const v128_t e = gl_vexp_normal(gl_vnegabs(vx));
  *f = wasm_f32x4_add(gl_vmaxc(vx, GL_V(0.0f)), gl_vlog1p_unit(e));
  const v128_t num = wasm_v128_bitselect(GL_V(1.0f), e, wasm_f32x4_ge(vx, GL_V(0.0f)));
  *d = wasm_f32x4_div(num, wasm_f32x4_add(GL_V(1.0f), e));
}
GL_SIMD_KERNEL2(f32_vsoftplus_fd__wasmsimd_rr2_p6_log1p_p9_div_u8, GL_NOSETUP, vsoftplus_fd(vx, pf, pd))

/* swish: one reduction for f and f'. The forward takes the full-range e;
 * the derivative the e of vswish_d: the same where n >= -126 (v > 1.5 2^23,
 * gl_vscale_neg_b127), 0 below, where vswish_d's n = -127 builds 2^n = 0;
 * and x clamped to +-200 (xc differs from vswish_d's only where e = 0, and
 * there xc e is the same signed zero). So f' matches vswish_d bit for bit. */
static inline void vswish_fd(v128_t vx, v128_t *f, v128_t *d) {
  v128_t v;
  const v128_t e = vswish_e(vx, &v);
  /* x 2^127 differs from vswish_d's xc 2^127 only for |x| > 87.9, where
   * both give m = 1 (x > 0) or m = e = 0 (x < 0) */
  const v128_t xbig = wasm_f32x4_mul(vx, GL_SWISH_BIG);
  *f = vswish_from_e(vx, e, xbig);
  /* n >= -126: n + 127 >= 1, i.e. v > 1.5 2^23 (a float compare: the
   * portable emulation of simd.h has no integer compares) */
  const v128_t ed = wasm_v128_and(e, wasm_f32x4_gt(v, GL_V(GL_MAGIC)));
  *d = vswish_d_e(vclamp200(vx), ed, xbig);
}
GL_SIMD_KERNEL2(f32_vswish_fd__wasmsimd_rr2_p6_div_u8, GL_NOSETUP, vswish_fd(vx, pf, pd))

/* gelu: exp(-x^2/2), erfcx and Phi once; mish: exp(-|x|) and the rational's
 * pieces once (vgelu_fd / vmish_fd above serve the separate kernels too) */
GL_SIMD_KERNEL2(f32_vgelu_fd__wasmsimd_erfcx_r_rr2_p6_f64_u8, GL_NOSETUP, vgelu_fd(vx, pf, pd))
GL_SIMD_KERNEL2(f32_vmish_fd__wasmsimd_rr2_p6_f64_div_u8, GL_NOSETUP, vmish_fd(vx, pf, pd))

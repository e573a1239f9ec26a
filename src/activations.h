/*
 * activations.h — internal interface of the activation library, for the
 * trainer (src/network*.c), the tests and the benchmarks. Not exported to wasm.
 *
 * Every kernel has one signature: y[i] = f(x[i]) (or f'(x[i])) for i < n;
 * x == y allowed; any n (including 0); p = parameters (NULL = defaults).
 * Softmax kernels treat the whole array as one row.
 */
#ifndef GL_ACTIVATIONS_H
#define GL_ACTIVATIONS_H

#include <stddef.h>
#include "gradlab.h"

typedef void (*gl_vfn)(const float *x, float *y, size_t n, const gl_act_params *p);

/* Declarations of every kernel named in activations.def. */
#define GL_ACTIVATION(id, name, sf, vf, sd, vd, ...)                 \
  void sf(const float *x, float *y, size_t n, const gl_act_params *p);       \
  void vf(const float *x, float *y, size_t n, const gl_act_params *p);       \
  void sd(const float *x, float *y, size_t n, const gl_act_params *p);       \
  void vd(const float *x, float *y, size_t n, const gl_act_params *p);
#include "activations.def"
#undef GL_ACTIVATION

/* ---- fused forward + derivative ------------------------------------------------
 * y[i] = f(x[i]) and dy[i] = f'(x[i]) for i < n in one pass: the exp / erfc
 * evaluation that f and f' share is done once (sigmoid, tanh, elu, selu,
 * softplus, swish, gelu, mish; the others simply do both). Results are
 * bit-identical to the separate forward and derivative kernels of the same
 * implementation. x == y or x == dy allowed (not y == dy); any n; p as for
 * gl_vfn. Softmax has none (its Jacobian is not diagonal).
 *
 * Use in the trainer: in the forward pass of a training step call
 *     gl_vfn2 fd = gl_act_fused_kernel(act);   (NULL for softmax)
 *     fd(z, a, fprime, n, &params);            a = f(z), fprime = f'(z)
 * instead of the forward kernel, keep fprime (one float per activation, like
 * z), and in the backward pass form dz = dy * fprime (a plain product) instead
 * of gl_act_backward (which evaluates f'(z) again). Cost (native SIMD,
 * n = 4096): 0.55-0.68x of forward + derivative for sigmoid, tanh, elu, selu,
 * swish, gelu, mish (0.75x softplus); the piecewise-linear ones ~ the same. */
typedef void (*gl_vfn2)(const float *x, float *y, float *dy, size_t n, const gl_act_params *p);
#define GL_ACTIVATION_FUSED(id, sf2, vf2)                                     \
  void sf2(const float *x, float *y, float *dy, size_t n, const gl_act_params *p); \
  void vf2(const float *x, float *y, float *dy, size_t n, const gl_act_params *p);
#define GL_ACTIVATION(...)
#include "activations.def"
#undef GL_ACTIVATION
#undef GL_ACTIVATION_FUSED

/* The fused kernel of act for impl (GL_IMPL_SIMD / GL_IMPL_SCALAR) and its
 * name; NULL for softmax, an out-of-range act or impl. */
gl_vfn2 gl_act_fused(int32_t act, int32_t impl);
const char *gl_act_fused_name(int32_t act, int32_t impl);
/* The SIMD fused kernel of act (NULL for softmax / out of range). */
gl_vfn2 gl_act_fused_kernel(int32_t act);

/* One registry row, as compiled from activations.def. */
typedef struct gl_act_info {
  const char *name;
  gl_vfn forward[2];   /* [GL_IMPL_SIMD], [GL_IMPL_SCALAR] */
  gl_vfn derivative[2];
  const char *forward_name[2]; /* kernel names, for benchmarks and reports */
  const char *derivative_name[2];
} gl_act_info;

/* The row of act, or NULL when act is out of range. */
const gl_act_info *gl_act_get(int32_t act);

/* The SIMD forward / derivative kernel of act (NULL when out of range). */
gl_vfn gl_act_forward_kernel(int32_t act);
gl_vfn gl_act_derivative_kernel(int32_t act);

/* Resolves alpha for act: NaN -> the default. Returns GL_ERR_PARAM when alpha
 * is infinite or outside the activation's range (leaky_relu [0, 1],
 * elu [0, 100]). */
gl_status gl_act_params_make(int32_t act, float alpha, gl_act_params *out);

/* Fused backward step for element-wise activations: dz[i] = dy[i] * f'(z[i]),
 * SIMD kernels, chunked through a stack buffer so that any of z, dy, dz may
 * alias. Softmax is not element-wise: returns GL_ERR_ACTIVATION for it (use
 * the softmax/cross-entropy shortcut dz = s - y in the trainer). */
gl_status gl_act_backward(int32_t act, const float *z, const float *dy, float *dz,
                          size_t n, const gl_act_params *p);

/* Row-wise softmax of x[rows][cols] into y with the SIMD kernel, unchecked. */
void gl_softmax_rows(const float *x, float *y, size_t rows, size_t cols);

#endif /* GL_ACTIVATIONS_H */

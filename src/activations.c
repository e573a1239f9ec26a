/*
 * activations.c — the registry compiled from activations.def, argument
 * checking and the public activation functions of gradlab.h.
 */
#include <math.h>
#include <string.h>

#include "activations.h"
#include "simd.h"
#include "status_internal.h"

#define GL_STR_(s) #s
static const gl_act_info gl_act_table[GL_ACT_COUNT] = {
#define GL_ACTIVATION(id, nm, sf, vf, sd, vd, ...)                             \
  [id] = {.name = nm, .forward = {vf, sf}, .derivative = {vd, sd},           \
          .forward_name = {GL_STR_(vf), GL_STR_(sf)},                        \
          .derivative_name = {GL_STR_(vd), GL_STR_(sd)}},
#include "activations.def"
#undef GL_ACTIVATION
};

/* the parameter (alpha) of the parametric activations: default and range */
static const struct {
  int32_t nparams;
  float def, min, max;
} gl_act_param_table[GL_ACT_COUNT] = {
#define GL_ACTIVATION(...)
#define GL_ACTIVATION_PARAM(id, nm, d, lo, hi) [id] = {1, d, lo, hi},
#include "activations.def"
#undef GL_ACTIVATION_PARAM
#undef GL_ACTIVATION
};

/* fused kernels: [act] = {SIMD, scalar}; softmax stays NULL */
static const struct {
  gl_vfn2 kernel[2];
  const char *name[2];
} gl_act_fused_table[GL_ACT_COUNT] = {
#define GL_ACTIVATION(...)
#define GL_ACTIVATION_FUSED(id, sf2, vf2) [id] = {{vf2, sf2}, {GL_STR_(vf2), GL_STR_(sf2)}},
#include "activations.def"
#undef GL_ACTIVATION_FUSED
#undef GL_ACTIVATION
};

gl_vfn2 gl_act_fused(int32_t act, int32_t impl) {
  if (!gl_act_get(act) || (impl != GL_IMPL_SIMD && impl != GL_IMPL_SCALAR)) return NULL;
  return gl_act_fused_table[act].kernel[impl];
}

const char *gl_act_fused_name(int32_t act, int32_t impl) {
  if (!gl_act_fused(act, impl)) return NULL;
  return gl_act_fused_table[act].name[impl];
}

gl_vfn2 gl_act_fused_kernel(int32_t act) { return gl_act_fused(act, GL_IMPL_SIMD); }

const gl_act_info *gl_act_get(int32_t act) {
  return (act >= 0 && act < GL_ACT_COUNT) ? &gl_act_table[act] : NULL;
}

gl_vfn gl_act_forward_kernel(int32_t act) {
  const gl_act_info *a = gl_act_get(act);
  return a ? a->forward[GL_IMPL_SIMD] : NULL;
}

gl_vfn gl_act_derivative_kernel(int32_t act) {
  const gl_act_info *a = gl_act_get(act);
  return a ? a->derivative[GL_IMPL_SIMD] : NULL;
}

GL_API int32_t gl_activation_count(void) { return GL_ACT_COUNT; }

GL_API const char *gl_activation_name(int32_t act) {
  const gl_act_info *a = gl_act_get(act);
  return a ? a->name : NULL;
}

GL_API int32_t gl_activation_lookup(const char *name) {
  if (!name) return -1;
  for (int32_t i = 0; i < GL_ACT_COUNT; i++)
    if (strcmp(name, gl_act_table[i].name) == 0) return i;
  return -1;
}

GL_API int32_t gl_activation_param_count(int32_t act) {
  return gl_act_get(act) ? gl_act_param_table[act].nparams : 0;
}

GL_API float gl_activation_param_default(int32_t act) {
  return gl_activation_param_count(act) ? gl_act_param_table[act].def : NAN;
}

gl_status gl_act_params_make(int32_t act, float alpha, gl_act_params *out) {
  if (!gl_act_get(act)) return GL_ERR_ACTIVATION;
  if (isinf(alpha)) return GL_ERR_PARAM;
  if (!gl_act_param_table[act].nparams) {
    out->alpha = 0.0f; /* unused */
    return GL_OK;
  }
  if (isnan(alpha)) alpha = gl_act_param_table[act].def;
  if (!(alpha >= gl_act_param_table[act].min && alpha <= gl_act_param_table[act].max)) return GL_ERR_PARAM;
  out->alpha = alpha;
  return GL_OK;
}

/* Common checks of gl_activate / gl_derivative, in the order: activation,
 * implementation, size, pointers, parameter. */
static gl_status gl_act_check(int32_t act, int32_t impl, const float *x, const float *y,
                              int32_t n, float alpha, gl_act_params *p) {
  if (!gl_act_get(act)) return GL_ERR_ACTIVATION;
  if (impl != GL_IMPL_SIMD && impl != GL_IMPL_SCALAR) return GL_ERR_PARAM;
  if (n < 0 || n > GL_MAX_ELEMENTS) return GL_ERR_SIZE;
  if (n > 0 && (!x || !y)) return GL_ERR_NULL;
  return gl_act_params_make(act, alpha, p);
}

GL_API int32_t gl_activate(int32_t act, int32_t impl, const float *x, float *y,
                           int32_t n, float alpha) {
  gl_act_params p;
  GL_TRY(gl_act_check(act, impl, x, y, n, alpha, &p));
  if (n > 0) gl_act_table[act].forward[impl](x, y, (size_t)n, &p);
  return GL_OK;
}

GL_API int32_t gl_derivative(int32_t act, int32_t impl, const float *x, float *y,
                             int32_t n, float alpha) {
  gl_act_params p;
  GL_TRY(gl_act_check(act, impl, x, y, n, alpha, &p));
  if (n > 0) gl_act_table[act].derivative[impl](x, y, (size_t)n, &p);
  return GL_OK;
}

void gl_softmax_rows(const float *x, float *y, size_t rows, size_t cols) {
  gl_vfn f = gl_act_table[GL_ACT_SOFTMAX].forward[GL_IMPL_SIMD];
  for (size_t r = 0; r < rows; r++) f(x + r * cols, y + r * cols, cols, NULL);
}

GL_API int32_t gl_softmax(const float *x, float *y, int32_t rows, int32_t cols) {
  if (rows < 0 || cols < 0) return GL_ERR_SIZE;
  if (rows == 0 || cols == 0) return GL_OK;
  if ((int64_t)rows * cols > GL_MAX_ELEMENTS) return GL_ERR_SIZE;
  if (!x || !y) return GL_ERR_NULL;
  gl_softmax_rows(x, y, (size_t)rows, (size_t)cols);
  return GL_OK;
}

gl_status gl_act_backward(int32_t act, const float *z, const float *dy, float *dz,
                          size_t n, const gl_act_params *p) {
  const gl_act_info *a = gl_act_get(act);
  if (!a || act == GL_ACT_SOFTMAX) return GL_ERR_ACTIVATION;
  if (n == 0) return GL_OK;
  if (!z || !dy || !dz) return GL_ERR_NULL;
  enum { CHUNK = 256 };
  float d[CHUNK] __attribute__((aligned(16)));
  gl_vfn fd = a->derivative[GL_IMPL_SIMD];
  for (size_t i = 0; i < n; i += CHUNK) {
    size_t m = n - i < CHUNK ? n - i : CHUNK;
    fd(z + i, d, m, p);
    size_t k = 0;
    for (; k + 4 <= m; k += 4)
      wasm_v128_store(dz + i + k, wasm_f32x4_mul(wasm_v128_load(dy + i + k), wasm_v128_load(d + k)));
    for (; k < m; k++) dz[i + k] = dy[i + k] * d[k];
  }
  return GL_OK;
}

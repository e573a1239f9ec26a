/*
 * network.c — the network object: gl_net_create (checks, sizes, the arena,
 * initial weights), destroy, the accessors and gl_net_set_optimizer.
 *
 * Layout. One allocation (the arena) holds, in this order: params, grads, m, v
 * (optimiser state), backup (params before the last update, for divergence
 * roll-back), then the workspace (the chunk's inputs and targets, the dz
 * ping-pong and derivative rows, a row of ones, each layer's z and a, the
 * units' epoch flags). Within params (and grads, m, v) each layer is kernel
 * [in][out] row-major (as Keras) followed by bias [out].
 *
 * The rest of the trainer: passes.c (forward and backward over a chunk),
 * dense.c (matrix kernels), losses.c, optimizers.c, initializers.c, train.c
 * (predict, gradients, evaluate, the epoch loop), epoch_stats.c. Only
 * correctly rounded operations (add, mul, div, sqrt; no FMA: -ffp-contract=off)
 * are used, in a fixed order, so the trainer's own arithmetic is
 * bit-identical between wasm and native builds (the activation kernels and
 * libm decide the rest).
 */
#include "network_internal.h"
#include "status_internal.h"

#include <float.h>
#include <stdlib.h>

/* ---- create / destroy --------------------------------------------------- */

static size_t up4(size_t n) { return (n + 3) & ~(size_t)3; }

GL_API int32_t gl_net_create(gl_net **out, int32_t inputs, int32_t nlayers,
                             const int32_t *units, const int32_t *activations,
                             const float *alphas, const int32_t *inits,
                             const float *init_a, const float *init_b,
                             const float *bias_init, int32_t loss, uint32_t seed) {
  if (!out) return GL_ERR_NULL;
  *out = NULL;
  if (!units || !activations) return GL_ERR_NULL;
  if (inputs < 1 || inputs > GL_MAX_UNITS) return GL_ERR_SIZE;
  if (nlayers < 1 || nlayers > GL_MAX_LAYERS) return GL_ERR_SIZE;
  if (loss < 0 || loss >= GL_LOSS_COUNT) return GL_ERR_LOSS;
  int32_t softmax_id = gl_activation_lookup("softmax"), sigmoid_id = gl_activation_lookup("sigmoid");
  gl_vfn softplus = gl_act_forward_kernel(gl_activation_lookup("softplus"));
  /* registry incomplete (softplus: the BCE loss in losses.c) */
  if (softmax_id < 0 || sigmoid_id < 0 || !softplus) return GL_ERR_ACTIVATION;
  gl_layer tmp_layers[GL_MAX_LAYERS];
  int64_t nparams = 0, total_units = 0;
  int32_t max_units = inputs, fan_in = inputs;
  for (int32_t l = 0; l < nlayers; l++) {
    gl_layer *L = &tmp_layers[l];
    memset(L, 0, sizeof *L);
    if (units[l] < 1 || units[l] > GL_MAX_UNITS) return GL_ERR_SIZE;
    if (activations[l] < 0 || activations[l] >= GL_ACT_COUNT) return GL_ERR_ACTIVATION;
    float alpha = alphas ? alphas[l] : NAN;
    if (gl_act_params_make(activations[l], alpha, &L->ap) != GL_OK) return GL_ERR_PARAM;
    int32_t init = inits ? inits[l] : GL_INIT_GLOROT_UNIFORM;
    if (init < 0 || init >= GL_INIT_COUNT) return GL_ERR_INIT;
    float ia = init_a ? init_a[l] : (init == GL_INIT_RANDOM_UNIFORM ? -0.05f : 0.0f);
    float ib = init_b ? init_b[l] : 0.05f;
    if (init == GL_INIT_RANDOM_UNIFORM && !(isfinite(ia) && isfinite(ib) && ia <= ib)) return GL_ERR_PARAM;
    /* |N(0,1)| from Box-Muller stays below 8.6, so |mean| + 9 std <= FLT_MAX
     * keeps every weight finite */
    if (init == GL_INIT_RANDOM_NORMAL &&
        !(isfinite(ia) && isfinite(ib) && ib >= 0.0f && fabs((double)ia) + 9.0 * (double)ib <= (double)FLT_MAX))
      return GL_ERR_PARAM;
    if (bias_init && !isfinite(bias_init[l])) return GL_ERR_PARAM;
    L->in = fan_in;
    L->out = units[l];
    L->act = activations[l];
    L->softmax = activations[l] == softmax_id;
    L->fwd = gl_act_forward_kernel(L->act);
    L->der = gl_act_derivative_kernel(L->act);
    L->fd = L->softmax ? NULL : gl_act_fused_kernel(L->act);
    if (!L->fwd || !L->der || (!L->softmax && !L->fd)) return GL_ERR_ACTIVATION;
    L->kernel_off = (int32_t)0; /* set below, once the total is known to fit */
    nparams += (int64_t)fan_in * units[l] + units[l];
    if (nparams > GL_MAX_PARAMS) return GL_ERR_SIZE;
    L->unit_off = (int32_t)total_units;
    total_units += units[l];
    if (units[l] > max_units) max_units = units[l];
    fan_in = units[l];
  }
  int32_t last_act = activations[nlayers - 1];
  if (loss == GL_LOSS_BCE && last_act != sigmoid_id) return GL_ERR_OUTPUT;
  if (loss == GL_LOSS_CCE && last_act != softmax_id) return GL_ERR_OUTPUT;

  /* chunk size from the workspace budget */
  int32_t outputs = units[nlayers - 1];
  size_t per_sample = (size_t)inputs + (size_t)outputs + 2u * (size_t)total_units + 3u * (size_t)max_units;
  size_t cap = GL_NET_WORKSPACE_BYTES / (sizeof(float) * per_sample);
  if (cap > GL_NET_CHUNK) cap = GL_NET_CHUNK;
  cap &= ~(size_t)3;
  if (cap < 4) cap = 4;

  /* params, grads, m, v, backup: P floats each, 4 more than the multiple of 4
   * so that the optimiser's masked last vector of any slice stays inside */
  size_t P = up4((size_t)nparams) + 4;
  size_t flags = up4(((size_t)total_units + 3) / 4); /* bytes as floats */
  size_t total = 5 * P + cap * (1 + up4((size_t)inputs) + up4((size_t)outputs) + 3 * (size_t)max_units) +
                 2 * cap * (size_t)total_units + 2 * flags + 4;
  if (total > ((size_t)1 << 29)) return GL_ERR_NOMEM; /* 2 GB of floats */

  gl_net *net = calloc(1, sizeof *net);
  if (!net) return GL_ERR_NOMEM;
  float *arena = calloc(total, sizeof(float));
  if (!arena) { free(net); return GL_ERR_NOMEM; }
  net->arena = arena;
  net->inputs = inputs;
  net->outputs = outputs;
  net->nlayers = nlayers;
  net->loss = loss;
  net->nparams = (int32_t)nparams;
  net->cap = (int32_t)cap;
  net->max_units = max_units;
  net->total_units = (int32_t)total_units;
  float *p = arena;
  net->params = p; p += P;
  net->grads = p; p += P;
  net->m = p; p += P;
  net->v = p; p += P;
  net->backup = p; p += P;
  net->x0 = p; p += cap * up4((size_t)inputs);
  net->y0 = p; p += cap * up4((size_t)outputs);
  net->d0 = p; p += cap * (size_t)max_units;
  net->d1 = p; p += cap * (size_t)max_units;
  net->tmp = p; p += cap * (size_t)max_units;
  net->ones = p; p += cap;
  for (size_t i = 0; i < cap; i++) net->ones[i] = 1.0f;
  int32_t off = 0;
  for (int32_t l = 0; l < nlayers; l++) {
    gl_layer *L = &net->layer[l];
    *L = tmp_layers[l];
    L->kernel_off = off; off += L->in * L->out;
    L->bias_off = off; off += L->out;
    net->slice[2 * l] = (gl_param_slice){L->kernel_off, L->in * L->out, 1};
    net->slice[2 * l + 1] = (gl_param_slice){L->bias_off, L->out, 0};
    L->z = p; p += cap * (size_t)L->out;
    L->a = p; p += cap * (size_t)L->out;
  }
  net->alive = (uint8_t *)p; p += flags;
  net->unsat = (uint8_t *)p; p += flags;

  gl_rng r;
  gl_rng_seed(&r, seed, GL_NET_INIT_STREAM);
  for (int32_t l = 0; l < nlayers; l++) {
    gl_layer *L = &net->layer[l];
    int32_t init = inits ? inits[l] : GL_INIT_GLOROT_UNIFORM;
    float ia = init_a ? init_a[l] : (init == GL_INIT_RANDOM_UNIFORM ? -0.05f : 0.0f);
    float ib = init_b ? init_b[l] : 0.05f;
    gl_init_kernel(&r, net->params + L->kernel_off, L->in, L->out, init, ia, ib);
    float bv = bias_init ? bias_init[l] : 0.0f;
    for (int32_t o = 0; o < L->out; o++) net->params[L->bias_off + o] = bv;
    L->dmax = gl_derivative_max(L);
  }
  if (!all_finite(net->params, (size_t)nparams)) { /* e.g. random_normal with std 1e38 */
    gl_net_destroy(net);
    return GL_ERR_PARAM;
  }
  gl_rng_seed(&net->shuffle_rng, seed, GL_NET_SHUFFLE_STREAM);
  net->opt = gl_opt_config_default();
  *out = net;
  return GL_OK;
}

GL_API void gl_net_destroy(gl_net *net) {
  if (!net) return;
  free(net->perm);
  free(net->arena);
  free(net);
}

GL_API int32_t gl_net_inputs(const gl_net *net) { return net ? net->inputs : 0; }
GL_API int32_t gl_net_outputs(const gl_net *net) { return net ? net->outputs : 0; }
GL_API int32_t gl_net_layer_count(const gl_net *net) { return net ? net->nlayers : 0; }
GL_API int32_t gl_net_param_count(const gl_net *net) { return net ? net->nparams : 0; }
GL_API float *gl_net_params(gl_net *net) { return net ? net->params : NULL; }
GL_API float *gl_net_grads(gl_net *net) { return net ? net->grads : NULL; }
GL_API int32_t gl_net_kernel_offset(const gl_net *net, int32_t layer) {
  return net && layer >= 0 && layer < net->nlayers ? net->layer[layer].kernel_off : -1;
}
GL_API int32_t gl_net_bias_offset(const gl_net *net, int32_t layer) {
  return net && layer >= 0 && layer < net->nlayers ? net->layer[layer].bias_off : -1;
}

GL_API int32_t gl_net_set_optimizer(gl_net *net, int32_t type, float lr,
                                    float momentum, int32_t nesterov,
                                    float beta1, float beta2, float eps,
                                    float l1, float l2) {
  if (!net) return GL_ERR_NULL;
  GL_TRY(gl_opt_config_make(&net->opt, type, lr, momentum, nesterov, beta1, beta2, eps, l1, l2));
  net->steps = 0;
  memset(net->m, 0, sizeof(float) * (size_t)net->nparams);
  memset(net->v, 0, sizeof(float) * (size_t)net->nparams);
  return GL_OK;
}

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

/* ---- checking the layers ------------------------------------------------ */

/* gl_net_create's arguments; the arrays have nlayers entries, NULL where the
 * API allows it means the defaults. */
typedef struct net_spec {
  int32_t inputs, nlayers, loss;
  const int32_t *units, *activations, *inits;
  const float *alphas, *init_a, *init_b, *bias_init;
  const float *layer_opts; /* GL_LAYER_OPTS per layer, or NULL */
} net_spec;

/* Option k (GL_LOPT_*) of layer l; def when the spec has none. */
static float layer_opt(const net_spec *s, int32_t l, int k, float def) {
  return s->layer_opts ? s->layer_opts[(size_t)l * GL_LAYER_OPTS + k] : def;
}

/* The output layer each loss needs (losses.def): its activation ("" = any)
 * and least units. */
static const struct {
  const char *output;
  int32_t min_outputs;
} loss_rows[GL_LOSS_COUNT] = {
#define GL_LOSS(id, name, output, min_outputs) [id] = {output, min_outputs},
#include "losses.def"
#undef GL_LOSS
};

static int output_fits_loss(int32_t loss, int32_t act, int32_t units) {
  const char *need = loss_rows[loss].output;
  if (need[0] && act != gl_activation_lookup(need)) return 0;
  return units >= loss_rows[loss].min_outputs;
}

/* Layer l's initialisers: kernel (init with parameters a, b) and bias value. */
typedef struct layer_init {
  int32_t init;
  float a, b, bias, gain;
} layer_init;

/* *li from the spec, defaults filled in, with its checks (GL_ERR_INIT for an
 * unknown initialiser, GL_ERR_PARAM for parameters that could give a
 * non-finite weight). */
/* The parameter rows of initializers.def: an initialiser's first row is its
 * parameter a, the second b. */
static const struct {
  int32_t init;
  float def;
} init_param_rows[] = {
#define GL_INITIALIZER(id, name)
#define GL_INIT_PARAM(id, name, def, min, max) {id, (float)(def)},
#include "initializers.def"
#undef GL_INIT_PARAM
#undef GL_INITIALIZER
};

/* The default of parameter k (0 = a, 1 = b) of init; 0 when it has none. */
static float init_param_default(int32_t init, int k) {
  for (size_t i = 0; i < sizeof init_param_rows / sizeof init_param_rows[0]; i++)
    if (init_param_rows[i].init == init && k-- == 0) return init_param_rows[i].def;
  return 0.0f;
}

static int32_t layer_init_of(const net_spec *s, int32_t l, layer_init *li) {
  li->init = s->inits ? s->inits[l] : GL_INIT_GLOROT_UNIFORM;
  if (li->init < 0 || li->init >= GL_INIT_COUNT) return GL_ERR_INIT;
  li->a = s->init_a ? s->init_a[l] : init_param_default(li->init, 0);
  li->b = s->init_b ? s->init_b[l] : init_param_default(li->init, 1);
  li->gain = layer_opt(s, l, GL_LOPT_GAIN, 1.0f);
  if (!(li->gain >= 0.0f && li->gain <= (float)GL_MAX_MAGNITUDE)) return GL_ERR_PARAM; /* also NaN */
  /* the parameters as drawn: gain times random_uniform's bounds, random_normal's std */
  const float ia = li->init == GL_INIT_RANDOM_UNIFORM ? li->a * li->gain : li->a;
  const float ib = li->b * li->gain;
  if (li->init == GL_INIT_RANDOM_UNIFORM && !(isfinite(ia) && isfinite(ib) && ia <= ib)) return GL_ERR_PARAM;
  /* |N(0,1)| from Box-Muller stays below 8.6, so |mean| + 9 std <= FLT_MAX
   * keeps every weight finite */
  if (li->init == GL_INIT_RANDOM_NORMAL &&
      !(isfinite(ia) && isfinite(ib) && ib >= 0.0f && fabs((double)ia) + 9.0 * (double)ib <= (double)FLT_MAX))
    return GL_ERR_PARAM;
  li->bias = s->bias_init ? s->bias_init[l] : 0.0f;
  if (!isfinite(li->bias)) return GL_ERR_PARAM;
  return GL_OK;
}

/* Layer l's options (layers.def) checked into *L: norm, residual, dropout. */
static int32_t layer_options(gl_layer *L, const net_spec *s, int32_t l) {
  L->res = -1;
  L->gamma_off = L->run_off = -1;
  if (!s->layer_opts) return GL_OK;
  const float norm = layer_opt(s, l, GL_LOPT_NORM, 0.0f), eps = layer_opt(s, l, GL_LOPT_EPS, 0.0f);
  const float mom = layer_opt(s, l, GL_LOPT_MOMENTUM, 0.0f), res = layer_opt(s, l, GL_LOPT_RESIDUAL, 0.0f);
  const float drop = layer_opt(s, l, GL_LOPT_DROPOUT, 0.0f);
  if (!(norm >= 0.0f && norm < (float)GL_NORM_COUNT && norm == floorf(norm))) return GL_ERR_PARAM;
  if (!(res >= 0.0f && res <= (float)(l + 1) && res == floorf(res))) return GL_ERR_PARAM;
  if (!(drop >= 0.0f && drop < 1.0f)) return GL_ERR_PARAM;
  L->norm = (int32_t)norm;
  if (L->norm != GL_NORM_NONE && !(eps > 0.0f && eps <= 1.0f)) return GL_ERR_PARAM;
  if (L->norm == GL_NORM_BATCH && !(mom > 0.0f && mom <= 1.0f)) return GL_ERR_PARAM;
  const int output = l == s->nlayers - 1;
  if (output && (L->norm != GL_NORM_NONE || res > 0.0f || drop > 0.0f)) return GL_ERR_PARAM;
  L->eps = eps;
  L->momentum = mom;
  if (res > 0.0f) {
    const int32_t src = l - (int32_t)res; /* -1: the input */
    if ((src < 0 ? s->inputs : s->units[src]) != s->units[l]) return GL_ERR_PARAM;
    L->res = src + 1;
  }
  L->dropout = drop;
  /* keep a sample when its u32 >= rate 2^32 (probability 1 - rate up to 2^-32) */
  L->drop_thr = (uint32_t)((double)drop * 4294967296.0);
  return GL_OK;
}

/* Layer l (fan-in fan_in) checked and resolved into *L: shape, activation
 * parameters and kernels; offsets and buffers are set once the arena exists. */
static int32_t make_layer(gl_layer *L, const net_spec *s, int32_t l, int32_t fan_in, int32_t softmax_id) {
  memset(L, 0, sizeof *L);
  const int32_t units = s->units[l], act = s->activations[l];
  if (units < 1 || units > GL_MAX_UNITS) return GL_ERR_SIZE;
  if (act < 0 || act >= GL_ACT_COUNT) return GL_ERR_ACTIVATION;
  float alpha = s->alphas ? s->alphas[l] : NAN;
  if (gl_act_params_make(act, alpha, &L->ap) != GL_OK) return GL_ERR_PARAM;
  layer_init li;
  GL_TRY(layer_init_of(s, l, &li));
  GL_TRY(layer_options(L, s, l));
  L->in = fan_in;
  L->out = units;
  L->act = act;
  L->softmax = act == softmax_id;
  L->fwd = gl_act_forward_kernel(act);
  L->der = gl_act_derivative_kernel(act);
  L->fd = L->softmax ? NULL : gl_act_fused_kernel(act);
  if (!L->fwd || !L->der || (!L->softmax && !L->fd)) return GL_ERR_ACTIVATION;
  return GL_OK;
}

/* Sizes of the network from its layers. */
typedef struct net_sizes {
  int64_t nparams, total_units;
  int32_t max_units; /* units of the widest layer, the inputs included */
} net_sizes;

/* Every layer into layers[] (make_layer), each one's first unit, and the
 * sizes; GL_ERR_SIZE as soon as the parameters pass GL_MAX_PARAMS. */
static int32_t make_layers(gl_layer *layers, const net_spec *s, int32_t softmax_id, net_sizes *z) {
  z->nparams = 0;
  z->total_units = 0;
  z->max_units = s->inputs;
  int32_t fan_in = s->inputs;
  for (int32_t l = 0; l < s->nlayers; l++) {
    gl_layer *L = &layers[l];
    GL_TRY(make_layer(L, s, l, fan_in, softmax_id));
    z->nparams += (int64_t)fan_in * L->out + L->out + (L->norm != GL_NORM_NONE ? 2 * L->out : 0);
    if (z->nparams > GL_MAX_PARAMS) return GL_ERR_SIZE;
    L->unit_off = (int32_t)z->total_units;
    z->total_units += L->out;
    if (L->out > z->max_units) z->max_units = L->out;
    fan_in = L->out;
  }
  return GL_OK;
}

/* ---- the arena ---------------------------------------------------------- */

static size_t up4(size_t n) { return (n + 3) & ~(size_t)3; }

/* The arena's parts, in floats. */
typedef struct arena_sizes {
  size_t cap;   /* samples per chunk */
  size_t P;     /* params, grads, m, v, backup each */
  size_t flags; /* each of the two per-unit sample counts (uint32, as floats) */
  size_t total;
} arena_sizes;

static arena_sizes arena_plan(int32_t inputs, int32_t outputs, const net_sizes *z) {
  arena_sizes a;
  /* chunk size from the workspace budget */
  size_t per_sample = (size_t)inputs + (size_t)outputs + 2u * (size_t)z->total_units + 3u * (size_t)z->max_units;
  size_t cap = GL_NET_WORKSPACE_BYTES / (sizeof(float) * per_sample);
  if (cap > GL_NET_CHUNK) cap = GL_NET_CHUNK;
  cap &= ~(size_t)3;
  if (cap < 4) cap = 4;
  a.cap = cap;
  /* params, grads, m, v, backup: P floats each, 4 more than the multiple of 4
   * so that the optimiser's masked last vector of any slice stays inside */
  a.P = up4((size_t)z->nparams) + 4;
  a.flags = up4((size_t)z->total_units);
  a.total = 5 * a.P + cap * (1 + up4((size_t)inputs) + up4((size_t)outputs) + 3 * (size_t)z->max_units) +
            2 * cap * (size_t)z->total_units + 2 * a.flags + 4;
  return a;
}

/* Points every array of net (and of its layers, copied from layers[]) into
 * the zeroed arena, in the order of the layout above; sets the parameter
 * offsets, the optimiser's slices and the row of ones. */
static void carve_arena(gl_net *net, float *arena, const arena_sizes *a, const gl_layer *layers) {
  const size_t cap = a->cap, P = a->P;
  float *p = arena;
  net->arena = arena;
  net->params = p; p += P;
  net->grads = p; p += P;
  net->m = p; p += P;
  net->v = p; p += P;
  net->backup = p; p += P;
  net->x0 = p; p += cap * up4((size_t)net->inputs);
  net->y0 = p; p += cap * up4((size_t)net->outputs);
  net->d0 = p; p += cap * (size_t)net->max_units;
  net->d1 = p; p += cap * (size_t)net->max_units;
  net->tmp = p; p += cap * (size_t)net->max_units;
  net->ones = p; p += cap;
  for (size_t i = 0; i < cap; i++) net->ones[i] = 1.0f;
  int32_t off = 0;
  for (int32_t l = 0; l < net->nlayers; l++) {
    gl_layer *L = &net->layer[l];
    *L = layers[l];
    L->kernel_off = off; off += L->in * L->out;
    L->bias_off = off; off += L->out;
    net->slice[2 * l] = (gl_param_slice){L->kernel_off, L->in * L->out, 1};
    net->slice[2 * l + 1] = (gl_param_slice){L->bias_off, L->out, 0};
    L->z = p; p += cap * (size_t)L->out;
    L->a = p; p += cap * (size_t)L->out;
  }
  net->nslices = 2 * net->nlayers;
  for (int32_t l = 0; l < net->nlayers; l++) { /* gamma, beta of the normalised layers, after every bias */
    gl_layer *L = &net->layer[l];
    if (L->norm == GL_NORM_NONE) continue;
    L->gamma_off = off;
    L->norm_slice = net->nslices;
    net->slice[net->nslices++] = (gl_param_slice){off, L->out, 0};
    net->slice[net->nslices++] = (gl_param_slice){off + L->out, L->out, 0};
    off += 2 * L->out;
  }
  net->nzero = (uint32_t *)p; p += a->flags;
  net->nsat = (uint32_t *)p;
}

/* Each layer's kernel from its initialiser, drawn in layer order from one
 * generator seeded with (seed, GL_NET_INIT_STREAM), and its bias value. */
static void init_weights(gl_net *net, const net_spec *s, uint32_t seed) {
  gl_rng r;
  gl_rng_seed(&r, seed, GL_NET_INIT_STREAM);
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    layer_init li;
    (void)layer_init_of(s, l, &li); /* checked by make_layer */
    gl_init_kernel(&r, net->params + L->kernel_off, L->in, L->out, li.init, li.a, li.b, li.gain);
    for (int32_t o = 0; o < L->out; o++) net->params[L->bias_off + o] = li.bias;
    if (L->gamma_off >= 0)
      for (int32_t o = 0; o < L->out; o++) net->params[L->gamma_off + o] = 1.0f; /* beta: 0 (zeroed arena) */
  }
}

/* ---- create / destroy --------------------------------------------------- */

GL_API int32_t gl_net_create(gl_net **out, int32_t inputs, int32_t nlayers,
                             const int32_t *units, const int32_t *activations,
                             const float *alphas, const int32_t *inits,
                             const float *init_a, const float *init_b,
                             const float *bias_init, int32_t loss, uint32_t seed) {
  return gl_net_create_ex(out, inputs, nlayers, units, activations, alphas, inits, init_a, init_b, bias_init,
                          NULL, loss, seed);
}

GL_API int32_t gl_net_create_ex(gl_net **out, int32_t inputs, int32_t nlayers,
                                const int32_t *units, const int32_t *activations,
                                const float *alphas, const int32_t *inits,
                                const float *init_a, const float *init_b,
                                const float *bias_init, const float *layer_opts,
                                int32_t loss, uint32_t seed) {
  if (!out) return GL_ERR_NULL;
  *out = NULL;
  if (!units || !activations) return GL_ERR_NULL;
  if (inputs < 1 || inputs > GL_MAX_UNITS) return GL_ERR_SIZE;
  if (nlayers < 1 || nlayers > GL_MAX_LAYERS) return GL_ERR_SIZE;
  if (loss < 0 || loss >= GL_LOSS_COUNT) return GL_ERR_LOSS;
  int32_t softmax_id = gl_activation_lookup("softmax");
  gl_vfn softplus = gl_act_forward_kernel(gl_activation_lookup("softplus"));
  /* registry incomplete (softplus: the BCE loss in losses.c) */
  if (softmax_id < 0 || !softplus) return GL_ERR_ACTIVATION;

  const net_spec spec = {inputs, nlayers, loss, units, activations, inits, alphas, init_a, init_b, bias_init, layer_opts};
  gl_layer layers[GL_MAX_LAYERS];
  net_sizes z;
  GL_TRY(make_layers(layers, &spec, softmax_id, &z));
  if (!output_fits_loss(loss, activations[nlayers - 1], units[nlayers - 1])) return GL_ERR_OUTPUT;

  const int32_t outputs = units[nlayers - 1];
  const arena_sizes a = arena_plan(inputs, outputs, &z);
  if (a.total > ((size_t)1 << 29)) return GL_ERR_NOMEM; /* 2 GB of floats */
  gl_net *net = calloc(1, sizeof *net);
  if (!net) return GL_ERR_NOMEM;
  float *arena = calloc(a.total, sizeof(float));
  if (!arena) { free(net); return GL_ERR_NOMEM; }
  net->inputs = inputs;
  net->outputs = outputs;
  net->nlayers = nlayers;
  net->loss = loss;
  net->nparams = (int32_t)z.nparams;
  net->cap = (int32_t)a.cap;
  net->max_units = z.max_units;
  net->total_units = (int32_t)z.total_units;
  carve_arena(net, arena, &a, layers);
  if (gl_layer_buffers(net) != GL_OK) {
    gl_net_destroy(net);
    return GL_ERR_NOMEM;
  }

  init_weights(net, &spec, seed);
  for (int32_t l = 0; l < nlayers; l++) net->layer[l].dmax = gl_derivative_max(&net->layer[l]);
  if (!all_finite(net->params, (size_t)z.nparams)) { /* e.g. random_normal with std 1e38 */
    gl_net_destroy(net);
    return GL_ERR_PARAM;
  }
  gl_rng_seed(&net->shuffle_rng, seed, GL_NET_SHUFFLE_STREAM);
  gl_rng_seed(&net->drop_rng, seed, GL_NET_DROPOUT_STREAM);
  net->opt = gl_opt_config_default();
  *out = net;
  return GL_OK;
}

GL_API void gl_net_destroy(gl_net *net) {
  if (!net) return;
  free(net->perm);
  free(net->wstart);
  free(net->extra);
  free(net->arena);
  free(net);
}

/* ---- accessors, optimiser ----------------------------------------------- */

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

GL_API int32_t gl_net_norm_offset(const gl_net *net, int32_t layer) {
  return net && layer >= 0 && layer < net->nlayers ? net->layer[layer].gamma_off : -1;
}
GL_API float *gl_net_running(gl_net *net) { return net ? net->running : NULL; }
GL_API int32_t gl_net_running_offset(const gl_net *net, int32_t layer) {
  return net && layer >= 0 && layer < net->nlayers ? net->layer[layer].run_off : -1;
}
GL_API int32_t gl_net_chunk_samples(const gl_net *net) { return net ? net->cap : 0; }

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

GL_API int32_t gl_net_set_step_options(gl_net *net, float clip_norm, float clip_value, float weight_decay) {
  if (!net) return GL_ERR_NULL;
  return gl_opt_config_step_options(&net->opt, clip_norm, clip_value, weight_decay);
}

GL_API int32_t gl_net_set_schedule(gl_net *net, int32_t type, int32_t warmup_steps, int32_t period_steps,
                                   float gamma, float min_lr) {
  if (!net) return GL_ERR_NULL;
  return gl_opt_config_schedule(&net->opt, type, warmup_steps, period_steps, gamma, min_lr);
}

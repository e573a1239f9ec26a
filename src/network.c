/*
 * network.c — the multilayer-perceptron trainer.
 *
 * Layout. One allocation (the arena) holds, in this order: params, grads, m, v
 * (optimiser state), backup (params before the last update, for divergence
 * roll-back), then the workspace. Within params (and grads, m, v) each layer
 * is kernel [in][out] row-major (as Keras) followed by bias [out].
 *
 * Activations inside the trainer are feature-major, (units, S) per layer
 * (train_kernels.h); the dense layer's matrix kernels are in dense.c.
 *
 * A mini-batch (or the n samples of gl_net_gradients / gl_net_evaluate /
 * gl_net_predict) is processed in chunks of at most `cap` samples; gradients
 * accumulate (+=) over the chunks with the loss scaled by 1/batch, so a batch
 * larger than the chunk gives the same gradient as one big pass. No memory is
 * allocated inside the batch loop.
 *
 * Every layer function is a forward/backward pair with its shapes in a comment
 * (as llm.c). Only correctly rounded operations (add, mul, div, sqrt; no FMA:
 * -ffp-contract=off) are used, in a fixed order, so the trainer's own
 * arithmetic is bit-identical between wasm and native builds (the activation
 * kernels and libm decide the rest).
 *
 * Epoch statistics (gradlab.h): data loss and accuracy are means over the
 * epoch's batches; a unit is dead when f'(z) = 0 for every sample of the
 * epoch (a step unit always is), saturated when |f'(z)| < 1% of max |f'|
 * (max over [-20, 20], 1/4 for softmax's Jacobian diagonal) for every sample.
 * Divergence: a batch whose float loss is not finite is not applied; an
 * update that makes a weight non-finite is rolled back from `backup` and the
 * optimiser state is reset; both return GL_ERR_DIVERGED with the statistics of
 * the batches completed before.
 */
#include "network_internal.h"
#include "status_internal.h"

#include <float.h>
#include <stdlib.h>

/* sum |x| and sum x^2 over x[n] (float lanes, then double). */
static void sum_abs_sq(const float *x, size_t n, double *abs_out, double *sq_out) {
  v128_t sa = wasm_f32x4_splat(0.0f), sq = wasm_f32x4_splat(0.0f);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    sa = wasm_f32x4_add(sa, wasm_f32x4_abs(v));
    sq = wasm_f32x4_add(sq, wasm_f32x4_mul(v, v));
  }
  double a = hsum4(sa), q = hsum4(sq);
  for (; i < n; i++) { a += fabs((double)x[i]); q += (double)x[i] * (double)x[i]; }
  if (!isfinite(a) || !isfinite(q)) { /* float lanes overflowed (|x| > ~1e19): redo in double */
    a = q = 0.0;
    for (i = 0; i < n; i++) { a += fabs((double)x[i]); q += (double)x[i] * (double)x[i]; }
  }
  *abs_out = a;
  *sq_out = q;
}

/* ---- activations, feature-major ----------------------------------------- */

/* Column-wise softmax: z, a are (U, S); a[u][b] = exp(z[u][b] - max_u) / sum. */
static void softmax_fm_forward(float *a, const float *z, int32_t U, int32_t m, int32_t S) {
  for (int32_t b = 0; b < m; b++) {
    float mx = -INFINITY;
    for (int32_t u = 0; u < U; u++) if (z[(size_t)u * S + b] > mx) mx = z[(size_t)u * S + b];
    float sum = 0.0f;
    for (int32_t u = 0; u < U; u++) {
      float e = expf(z[(size_t)u * S + b] - mx);
      a[(size_t)u * S + b] = e;
      sum += e;
    }
    for (int32_t u = 0; u < U; u++) a[(size_t)u * S + b] /= sum;
  }
}

/* da, a, dz are (U, S): dz[u][b] = a[u][b] (da[u][b] - sum_j da[j][b] a[j][b])
 * (the softmax Jacobian times da; dz may alias da). */
static void softmax_fm_backward(float *dz, const float *da, const float *a, int32_t U, int32_t m, int32_t S) {
  for (int32_t b = 0; b < m; b++) {
    float dot = 0.0f;
    for (int32_t u = 0; u < U; u++) dot += da[(size_t)u * S + b] * a[(size_t)u * S + b];
    for (int32_t u = 0; u < U; u++) dz[(size_t)u * S + b] = a[(size_t)u * S + b] * (da[(size_t)u * S + b] - dot);
  }
}

/* d = f'(z) of layer L over the m real samples (for softmax the Jacobian
 * diagonal a (1 - a)); d, z are (U, S). */
static void layer_derivative(const gl_layer *L, float *d, int32_t m, int32_t S) {
  size_t n = (size_t)L->out * (size_t)S;
  if (L->softmax) {
    for (size_t i = 0; i < n; i++) d[i] = L->a[i] * (1.0f - L->a[i]);
  } else {
    L->der(L->z, d, n, &L->ap);
  }
  (void)m;
}

/* d = f'(z) of layer L (U, S). dz (U, S), when not NULL: dz *= d over the m
 * real samples, padding lanes set to 0. When flags: the dead / saturated
 * flags of L's units from the real samples (alive: some f' != 0; unsat: some
 * |f'| >= 1% of its maximum; units with both flags set already are not
 * tested again). One SIMD pass; the last vector of a row is masked by
 * lane < m - b. */
static void apply_derivative(gl_net *net, const gl_layer *L, float *dz, const float *d, int32_t m, int32_t S,
                             int flags) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t thr = wasm_f32x4_splat(GL_SATURATION * L->dmax), lane = wasm_f32x4_make(0.0f, 1.0f, 2.0f, 3.0f);
  const int32_t full = m & ~3; /* vectors of real samples only; S = pad4(m): at most one more */
  const v128_t valid = wasm_f32x4_lt(lane, wasm_f32x4_splat((float)(m - full)));
  for (int32_t u = 0; u < L->out; u++) {
    const float *dr = d + (size_t)u * S;
    float *zr = dz ? dz + (size_t)u * S : NULL;
    v128_t alive = zero, unsat = zero;
    int32_t b = 0;
    /* a unit already alive and unsaturated this epoch stays so: no test */
    const int fl = flags && !(net->alive[L->unit_off + u] && net->unsat[L->unit_off + u]);
    if (!zr && !fl) continue;
    if (zr && fl) {
      for (; b < full; b += 4) {
        v128_t dv = wasm_v128_load(dr + b), ad = wasm_f32x4_abs(dv);
        wasm_v128_store(zr + b, wasm_f32x4_mul(wasm_v128_load(zr + b), dv));
        alive = wasm_v128_or(alive, wasm_f32x4_ne(ad, zero));
        unsat = wasm_v128_or(unsat, wasm_f32x4_ge(ad, thr));
      }
    } else if (zr) {
      for (; b < full; b += 4) wasm_v128_store(zr + b, wasm_f32x4_mul(wasm_v128_load(zr + b), wasm_v128_load(dr + b)));
    } else {
      for (; b < full; b += 4) {
        v128_t ad = wasm_f32x4_abs(wasm_v128_load(dr + b));
        alive = wasm_v128_or(alive, wasm_f32x4_ne(ad, zero));
        unsat = wasm_v128_or(unsat, wasm_f32x4_ge(ad, thr));
      }
    }
    if (b < S) { /* the last vector: lanes >= m are padding */
      v128_t dv = wasm_v128_load(dr + b);
      if (zr) wasm_v128_store(zr + b, wasm_v128_and(wasm_f32x4_mul(wasm_v128_load(zr + b), dv), valid));
      v128_t ad = wasm_f32x4_abs(dv);
      alive = wasm_v128_or(alive, wasm_v128_and(wasm_f32x4_ne(ad, zero), valid));
      unsat = wasm_v128_or(unsat, wasm_v128_and(wasm_f32x4_ge(ad, thr), valid));
    }
    if (fl) {
      net->alive[L->unit_off + u] |= (uint8_t)wasm_v128_any_true(alive);
      net->unsat[L->unit_off + u] |= (uint8_t)wasm_v128_any_true(unsat);
    }
  }
}

/* ---- the network over one chunk ----------------------------------------- */

/* x0 (inputs, S) -> z, a of every layer. train: the hidden layers with a
 * fused kernel compute a = f(z) and f'(z) in one pass and keep f'(z) in z's
 * place (net_backward reads it there); the output layer keeps z (the loss
 * reads it). */
static void net_forward(gl_net *net, int32_t m, int32_t S, int train) {
  const float *inp = net->x0;
  for (int32_t l = 0; l < net->nlayers; l++) {
    gl_layer *L = &net->layer[l];
    size_t n = (size_t)L->out * (size_t)S;
    const int hidden = l < net->nlayers - 1;
    /* a hidden relu layer in inference: relu in the matrix kernel's epilogue
     * instead of a pass of the relu kernel (training keeps z's pass: the fused
     * kernel also writes f'(z), and fusing that measured no faster) */
    const int relu = !train && hidden && L->act == GL_ACT_RELU;
    gl_dense_forward(L->z, L->a, relu, inp, net->params + L->kernel_off, net->params + L->bias_off, L->in,
                  L->out, S);
    if (!relu) {
      if (L->softmax) softmax_fm_forward(L->a, L->z, L->out, m, S);
      else if (train && L->fd && hidden) L->fd(L->z, L->a, L->z, n, &L->ap);
      else L->fwd(L->z, L->a, n, &L->ap);
    }
    zero_pad(L->a, L->out, m, S);
    inp = L->a;
  }
}

/* Backward over one chunk: d0 holds dL/dz (MSE: dL/da) of the output layer.
 * Accumulates into grads (fresh: grads = 0 + this chunk's gradient, so no
 * memset is needed before); updates the unit flags when `flags`. */
/* 1 when every unit of L is already alive and unsaturated this epoch (the
 * flags cannot change any more). */
static int flags_settled(const gl_net *net, const gl_layer *L) {
  for (int32_t u = 0; u < L->out; u++)
    if (!(net->alive[L->unit_off + u] && net->unsat[L->unit_off + u])) return 0;
  return 1;
}

static void net_backward(gl_net *net, int32_t m, int32_t S, int flags, int fresh) {
  gl_layer *out = &net->layer[net->nlayers - 1];
  float *dcur = net->d0, *dnext = net->d1;
  int oflags = flags && !flags_settled(net, out);
  /* output layer: dz from da for MSE; derivative for the flags */
  if (net->loss == GL_LOSS_MSE || oflags) {
    layer_derivative(out, net->tmp, m, S);
    if (net->loss == GL_LOSS_MSE && out->softmax) {
      softmax_fm_backward(dcur, dcur, out->a, out->out, m, S);
      zero_pad(dcur, out->out, m, S);
      if (oflags) apply_derivative(net, out, NULL, net->tmp, m, S, 1);
    } else {
      apply_derivative(net, out, net->loss == GL_LOSS_MSE ? dcur : NULL, net->tmp, m, S, oflags);
    }
  }
  for (int32_t l = net->nlayers - 1; l >= 0; l--) {
    gl_layer *L = &net->layer[l];
    const float *inp = l ? net->layer[l - 1].a : net->x0;
    gl_dense_backward(l ? dnext : NULL, net->grads + L->kernel_off, dcur, inp, net->ones,
                   net->params + L->kernel_off, L->in, L->out, S, fresh);
    if (l == 0) break;
    gl_layer *P = &net->layer[l - 1];
    if (P->softmax) {
      softmax_fm_backward(dnext, dnext, P->a, P->out, m, S);
      zero_pad(dnext, P->out, m, S);
      if (flags && !flags_settled(net, P)) {
        layer_derivative(P, net->tmp, m, S);
        apply_derivative(net, P, NULL, net->tmp, m, S, 1);
      }
    } else if (P->fd) { /* f'(z) from the fused forward pass, in z's place */
      apply_derivative(net, P, dnext, P->z, m, S, flags);
    } else {
      layer_derivative(P, net->tmp, m, S);
      apply_derivative(net, P, dnext, net->tmp, m, S, flags);
    }
    float *t = dcur; dcur = dnext; dnext = t;
  }
}

/* Gather samples idx[0..m) (or start..start+m when idx is NULL) of X and Y
 * into x0, y0, feature-major with padding zeroed. Y may be NULL. */
static void gather(gl_net *net, const float *X, const float *Y, const int32_t *idx, int32_t start,
                   int32_t m, int32_t S) {
  const int32_t I = net->inputs, K = net->outputs;
  const int32_t *ix = idx ? idx + start : NULL;
  for (int32_t i = 0; i < I; i++) {
    float *row = net->x0 + (size_t)i * S;
    const float *col = X + i;
    if (ix) for (int32_t b = 0; b < m; b++) row[b] = col[(size_t)ix[b] * I];
    else for (int32_t b = 0; b < m; b++) row[b] = col[(size_t)(start + b) * I];
  }
  if (Y)
    for (int32_t k = 0; k < K; k++) {
      float *row = net->y0 + (size_t)k * S;
      const float *col = Y + k;
      if (ix) for (int32_t b = 0; b < m; b++) row[b] = col[(size_t)ix[b] * K];
      else for (int32_t b = 0; b < m; b++) row[b] = col[(size_t)(start + b) * K];
    }
  zero_pad(net->x0, I, m, S);
  if (Y) zero_pad(net->y0, K, m, S);
}

/* Loss (sum over samples) and, when grad, gradient of (sum of losses)*scale
 * into grads (the first chunk writes, later chunks add), over samples
 * [start, start+count) of the order idx. */
static int accumulate(gl_net *net, const float *X, const float *Y, const int32_t *idx, int32_t start,
                      int32_t count, double scale, int grad, int flags, double *loss_sum, double *correct) {
  for (int32_t c = 0; c < count; c += net->cap) {
    int32_t m = count - c < net->cap ? count - c : net->cap, S = pad4(m);
    gather(net, X, Y, idx, start + c, m, S);
    net_forward(net, m, S, grad);
    const gl_layer *O = &net->layer[net->nlayers - 1];
    gl_loss_chunk(net->loss, O->z, O->a, net->y0, O->out, m, S, scale, grad ? net->d0 : NULL, net->tmp,
                  loss_sum, correct);
    if (grad) net_backward(net, m, S, flags, c == 0);
  }
  return isfinite(*loss_sum);
}

/* Max of |f'| over [-20, 20] on a grid of step 1/64 (0 included): the scale
 * of "saturated" (f' < 1% of it). 2561 derivative evaluations per layer. */
static float derivative_max(const gl_layer *L) {
  if (L->softmax) return 0.25f;
  float xs[512], ds[512], mx = 0.0f;
  for (int32_t base = -1280; base <= 1280; base += 512) {
    int32_t k = 0;
    for (; k < 512 && base + k <= 1280; k++) xs[k] = (float)(base + k) * 0.015625f;
    L->der(xs, ds, (size_t)k, &L->ap);
    for (int32_t i = 0; i < k; i++) if (fabsf(ds[i]) > mx) mx = fabsf(ds[i]);
  }
  return mx;
}

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
    L->dmax = derivative_max(L);
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

/* ---- data checks ---------------------------------------------------------- */

static int32_t check_data(const gl_net *net, const float *X, const float *Y, int32_t n) {
  if (n < 1 || n > GL_MAX_SAMPLES) return GL_ERR_SIZE;
  if ((int64_t)n * net->inputs > GL_MAX_ELEMENTS || (int64_t)n * net->outputs > GL_MAX_ELEMENTS)
    return GL_ERR_SIZE;
  if (!all_finite(X, (size_t)n * (size_t)net->inputs)) return GL_ERR_DATA;
  if (Y) {
    size_t ny = (size_t)n * (size_t)net->outputs;
    if (!all_finite(Y, ny)) return GL_ERR_DATA;
    if (net->loss != GL_LOSS_MSE) { /* every label in [0, 1] (NaN is not) */
      const v128_t zero = wasm_f32x4_splat(0.0f), one = wasm_f32x4_splat(1.0f);
      v128_t ok = wasm_f32x4_eq(zero, zero);
      size_t i = 0;
      for (; i + 4 <= ny; i += 4) {
        v128_t y = wasm_v128_load(Y + i);
        ok = wasm_v128_and(ok, wasm_v128_and(wasm_f32x4_ge(y, zero), wasm_f32x4_le(y, one)));
      }
      if (wasm_v128_any_true(wasm_v128_xor(ok, wasm_f32x4_eq(zero, zero)))) return GL_ERR_LABEL;
      for (; i < ny; i++) if (!(Y[i] >= 0.0f && Y[i] <= 1.0f)) return GL_ERR_LABEL;
    }
  }
  return GL_OK;
}

/* ---- public passes -------------------------------------------------------- */

GL_API int32_t gl_net_predict(gl_net *net, const float *X, int32_t n, float *out) {
  if (!net || !X || !out) return GL_ERR_NULL;
  GL_TRY(check_data(net, X, NULL, n));
  const int32_t K = net->outputs;
  const gl_layer *L = &net->layer[net->nlayers - 1];
  for (int32_t c = 0; c < n; c += net->cap) {
    int32_t m = n - c < net->cap ? n - c : net->cap, S = pad4(m);
    gather(net, X, NULL, NULL, c, m, S);
    net_forward(net, m, S, 0);
    if (K == 1) memcpy(out + c, L->a, sizeof(float) * (size_t)m);
    else
      for (int32_t b = 0; b < m; b++)
        for (int32_t k = 0; k < K; k++) out[(size_t)(c + b) * K + k] = L->a[(size_t)k * S + b];
  }
  return GL_OK;
}

GL_API int32_t gl_net_gradients(gl_net *net, const float *X, const float *Y,
                                int32_t n, float *loss_out) {
  if (!net || !X || !Y) return GL_ERR_NULL;
  GL_TRY(check_data(net, X, Y, n));
  double loss = 0.0, correct = 0.0;
  accumulate(net, X, Y, NULL, 0, n, 1.0 / n, 1, 0, &loss, &correct);
  if (loss_out) *loss_out = (float)(loss / n);
  return GL_OK;
}

GL_API int32_t gl_net_evaluate(gl_net *net, const float *X, const float *Y,
                               int32_t n, float *loss_out, float *acc_out) {
  if (!net || !X || !Y) return GL_ERR_NULL;
  GL_TRY(check_data(net, X, Y, n));
  double loss = 0.0, correct = 0.0;
  accumulate(net, X, Y, NULL, 0, n, 1.0 / n, 0, 0, &loss, &correct);
  if (loss_out) *loss_out = (float)(loss / n);
  if (acc_out) *acc_out = (float)(correct / n);
  return GL_OK;
}

GL_API int32_t gl_net_train_epoch(gl_net *net, const float *X, const float *Y,
                                  int32_t n, int32_t batch, int32_t shuffle,
                                  float *stats) {
  if (!net || !X || !Y || !stats) return GL_ERR_NULL;
  if (batch < 1 || batch > GL_MAX_BATCH) return GL_ERR_SIZE;
  GL_TRY(check_data(net, X, Y, n));
  if (n > net->perm_cap) {
    int32_t *p = malloc(sizeof(int32_t) * (size_t)n);
    if (!p) return GL_ERR_NOMEM;
    free(net->perm);
    net->perm = p;
    net->perm_cap = n;
  }
  int32_t *perm = net->perm;
  for (int32_t i = 0; i < n; i++) perm[i] = i;
  if (shuffle)
    for (int32_t i = n - 1; i > 0; i--) {
      int32_t j = (int32_t)gl_rng_below(&net->shuffle_rng, (uint32_t)i + 1u);
      int32_t t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
  const int32_t NL = net->nlayers;
  memset(net->alive, 0, (size_t)net->total_units);
  memset(net->unsat, 0, (size_t)net->total_units);
  double gabs[GL_MAX_LAYERS] = {0}, gnorm[GL_MAX_LAYERS] = {0}, babs[GL_MAX_LAYERS] = {0};
  double loss_sum = 0.0, acc_sum = 0.0;
  int32_t done = 0;
  int32_t st = GL_OK;
  for (int32_t s = 0; s < n; s += batch) {
    int32_t bs = n - s < batch ? n - s : batch;
    double bl = 0.0, bc = 0.0;
    accumulate(net, X, Y, perm, s, bs, 1.0 / bs, 1, 1, &bl, &bc);
    if (!isfinite((float)(bl / bs))) { st = GL_ERR_DIVERGED; break; } /* incl. overflow of float */
    double sabs[2 * GL_MAX_LAYERS], ssq[2 * GL_MAX_LAYERS]; /* per slice: kernel, bias of each layer */
    if (!gl_optimizer_step(&net->opt, &net->steps, net->params, net->grads, net->m, net->v, net->backup,
                           (size_t)net->nparams, net->slice, 2 * NL, sabs, ssq)) {
      st = GL_ERR_DIVERGED;
      break;
    }
    for (int32_t l = 0; l < NL; l++) {
      const gl_layer *L = &net->layer[l];
      gabs[l] += sabs[2 * l] / ((double)L->in * L->out);
      gnorm[l] += sqrt(ssq[2 * l]);
      babs[l] += sabs[2 * l + 1] / L->out;
    }
    loss_sum += bl / bs;
    acc_sum += bc / bs;
    done++;
  }
  double inv = done ? 1.0 / done : 0.0;
  stats[0] = done ? (float)(loss_sum * inv) : NAN;
  stats[1] = done ? (float)(acc_sum * inv) : NAN;
  stats[2] = (float)done;
  for (int32_t l = 0; l < NL; l++) {
    const gl_layer *L = &net->layer[l];
    float *o = stats + GL_EPOCH_HEAD + (size_t)l * GL_LAYER_STATS;
    int32_t dead = 0, sat = 0;
    for (int32_t u = 0; u < L->out; u++) {
      dead += !net->alive[L->unit_off + u];
      sat += !net->unsat[L->unit_off + u];
    }
    double wa, wq;
    sum_abs_sq(net->params + L->kernel_off, (size_t)L->in * (size_t)L->out, &wa, &wq);
    o[0] = (float)(gabs[l] * inv);
    o[1] = (float)(gnorm[l] * inv);
    o[2] = done ? (float)dead / (float)L->out : 0.0f;
    o[3] = done ? (float)sat / (float)L->out : 0.0f;
    o[4] = (float)(babs[l] * inv);
    o[5] = (float)(wa / ((double)L->in * L->out));
  }
  return st;
}

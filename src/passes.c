/*
 * passes.c — the network's forward and backward pass over one chunk of at
 * most `cap` samples, feature-major (train_kernels.h): per layer the dense
 * kernels of dense.c, then the activation (its SIMD kernels, the fused
 * f and f' in training, column-wise softmax) or its derivative. The backward
 * pass also sets the units' dead / saturated flags of the epoch statistics
 * (epoch_stats.c) in the same sweep over f'(z).
 */
#include "network_internal.h"

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

/* Lanes set (-1) in the i32 mask counted into c: c - mask. */
static inline v128_t count_lanes(v128_t c, v128_t mask) { return wasm_i32x4_sub(c, mask); }

static inline int32_t hsum_i32(v128_t v) {
  int32_t t[4];
  wasm_v128_store(t, v);
  return t[0] + t[1] + t[2] + t[3];
}

/* d = f'(z) of layer L (U, S). dz (U, S), when not NULL: dz *= d over the m
 * real samples, padding lanes set to 0. When flags: counts, per unit, the
 * real samples whose f' is 0 (nzero: "dead") and whose |f'| is not >= 1% of
 * its maximum (nsat: "saturated"; NaN counts as saturated, not as dead), for
 * the epoch statistics. One SIMD pass; the last vector of a row is masked by
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
    v128_t alive = zero, unsat = zero; /* i32 lane counts of f' != 0 and |f'| >= threshold */
    int32_t b = 0;
    if (!zr && !flags) continue;
    if (zr && flags) {
      for (; b < full; b += 4) {
        v128_t dv = wasm_v128_load(dr + b), ad = wasm_f32x4_abs(dv);
        wasm_v128_store(zr + b, wasm_f32x4_mul(wasm_v128_load(zr + b), dv));
        alive = count_lanes(alive, wasm_f32x4_ne(ad, zero));
        unsat = count_lanes(unsat, wasm_f32x4_ge(ad, thr));
      }
    } else if (zr) {
      for (; b < full; b += 4) wasm_v128_store(zr + b, wasm_f32x4_mul(wasm_v128_load(zr + b), wasm_v128_load(dr + b)));
    } else {
      for (; b < full; b += 4) {
        v128_t ad = wasm_f32x4_abs(wasm_v128_load(dr + b));
        alive = count_lanes(alive, wasm_f32x4_ne(ad, zero));
        unsat = count_lanes(unsat, wasm_f32x4_ge(ad, thr));
      }
    }
    if (b < S) { /* the last vector: lanes >= m are padding */
      v128_t dv = wasm_v128_load(dr + b);
      if (zr) wasm_v128_store(zr + b, wasm_v128_and(wasm_f32x4_mul(wasm_v128_load(zr + b), dv), valid));
      v128_t ad = wasm_f32x4_abs(dv);
      alive = count_lanes(alive, wasm_v128_and(wasm_f32x4_ne(ad, zero), valid));
      unsat = count_lanes(unsat, wasm_v128_and(wasm_f32x4_ge(ad, thr), valid));
    }
    if (flags) {
      net->nzero[L->unit_off + u] += (uint32_t)(m - hsum_i32(alive));
      net->nsat[L->unit_off + u] += (uint32_t)(m - hsum_i32(unsat));
    }
  }
}

/* ---- the network over one chunk ----------------------------------------- */

/* x0 (inputs, S) -> z, a of every layer. Training (GL_PASS_GRADIENT in
 * pass): the hidden layers with a fused kernel compute a = f(z) and f'(z) in
 * one pass and keep f'(z) in z's place (gl_chunk_backward reads it there);
 * the output layer keeps z (the loss reads it). */
void gl_chunk_forward(gl_net *net, int32_t m, int32_t S, unsigned pass) {
  const int train = (pass & GL_PASS_GRADIENT) != 0, dist = (pass & GL_PASS_DIST) != 0;
  const float *inp = net->x0;
  for (int32_t l = 0; l < net->nlayers; l++) {
    gl_layer *L = &net->layer[l];
    size_t n = (size_t)L->out * (size_t)S;
    const int hidden = l < net->nlayers - 1;
    /* a hidden relu layer in inference: relu in the matrix kernel's epilogue
     * instead of a pass of the relu kernel (training keeps z's pass: the fused
     * kernel also writes f'(z), and fusing that measured no faster) */
    const int relu = !train && hidden && L->act == GL_ACT_RELU && L->norm == GL_NORM_NONE;
    gl_dense_forward(L->z, L->a, relu, inp, net->params + L->kernel_off, net->params + L->bias_off, L->in,
                     L->out, S);
    if (L->norm != GL_NORM_NONE) gl_norm_forward(net, L, m, S, pass); /* z = the activation's input */
    if (dist) gl_dist_values(net, l, GL_DIST_Z, L->z, m, S);
    if (!relu) {
      if (L->softmax) softmax_fm_forward(L->a, L->z, L->out, m, S);
      else if (train && L->fd && hidden) L->fd(L->z, L->a, L->z, n, &L->ap);
      else L->fwd(L->z, L->a, n, &L->ap);
    }
    if (train && L->mask) gl_dropout_forward(net, L, m, S); /* zeroes the padding too */
    else zero_pad(L->a, L->out, m, S);
    if (L->res >= 0) gl_add_rows(L->a, L->res ? net->layer[L->res - 1].a : net->x0, L->out, S);
    if (dist) gl_dist_values(net, l, GL_DIST_A, L->a, m, S);
    inp = L->a;
  }
}

/* dL/dx of the chunk: d (inputs, S) from layer 0, plus the residuals that
 * add the input, into net->dx (sample-major) from row net->dx_row. */
static void input_gradient(gl_net *net, float *d, int32_t m, int32_t S) {
  if (net->dres_x) gl_add_rows(d, net->dres_x, net->inputs, S);
  for (int32_t i = 0; i < net->inputs; i++)
    for (int32_t b = 0; b < m; b++) net->dx[(size_t)(net->dx_row + b) * net->inputs + i] = d[(size_t)i * S + b];
}

/* Backward over one chunk: d0 holds dL/dz (MSE: dL/da) of the output layer.
 * Accumulates into grads (GL_PASS_FIRST_CHUNK: grads = 0 + this chunk's
 * gradient, so no memset is needed before); counts the units' dead and
 * saturated samples when GL_PASS_UNIT_FLAGS. */
void gl_chunk_backward(gl_net *net, int32_t m, int32_t S, unsigned pass) {
  const int flags = (pass & GL_PASS_UNIT_FLAGS) != 0, fresh = (pass & GL_PASS_FIRST_CHUNK) != 0;
  const int dist = (pass & GL_PASS_DIST) != 0; /* the probe: needs flags (f' of every layer is computed) */
  gl_layer *out = &net->layer[net->nlayers - 1];
  float *dcur = net->d0, *dnext = net->d1;
  if (flags) net->flag_samples += m;
  for (int32_t l = 0; l < net->nlayers; l++) /* the residual sources' dL/da gathers from zero */
    if (net->layer[l].dres) memset(net->layer[l].dres, 0, sizeof(float) * (size_t)net->layer[l].out * (size_t)S);
  if (net->dres_x) memset(net->dres_x, 0, sizeof(float) * (size_t)net->inputs * (size_t)S);
  /* output layer: dz from da for MSE; derivative for the flags */
  if (net->loss == GL_LOSS_MSE || flags) {
    layer_derivative(out, net->tmp, m, S);
    if (net->loss == GL_LOSS_MSE && out->softmax) {
      softmax_fm_backward(dcur, dcur, out->a, out->out, m, S);
      zero_pad(dcur, out->out, m, S);
      if (flags) apply_derivative(net, out, NULL, net->tmp, m, S, 1);
    } else {
      apply_derivative(net, out, net->loss == GL_LOSS_MSE ? dcur : NULL, net->tmp, m, S, flags);
    }
    if (dist) gl_dist_values(net, net->nlayers - 1, GL_DIST_DACT, net->tmp, m, S);
  }
  if (dist) gl_dist_values(net, net->nlayers - 1, GL_DIST_DZ, dcur, m, S);
  for (int32_t l = net->nlayers - 1; l >= 0; l--) {
    gl_layer *L = &net->layer[l];
    const float *inp = l ? net->layer[l - 1].a : net->x0;
    float *dinp = l ? dnext : net->dx ? net->tmp : NULL;
    gl_dense_backward(dinp, net->grads + L->kernel_off, dcur, inp, net->ones,
                      net->params + L->kernel_off, L->in, L->out, S, fresh);
    if (l == 0) {
      if (dinp) input_gradient(net, dinp, m, S);
      break;
    }
    gl_layer *P = &net->layer[l - 1];
    if (P->dres) gl_add_rows(dnext, P->dres, P->out, S); /* dL/da of P: from layer l and the residuals */
    if (P->res >= 0) gl_add_rows(P->res ? net->layer[P->res - 1].dres : net->dres_x, dnext, P->out, S);
    if (P->mask) gl_mul_rows(dnext, P->mask, P->out, S);
    if (P->softmax) {
      softmax_fm_backward(dnext, dnext, P->a, P->out, m, S);
      zero_pad(dnext, P->out, m, S);
      if (flags) {
        layer_derivative(P, net->tmp, m, S);
        apply_derivative(net, P, NULL, net->tmp, m, S, 1);
        if (dist) gl_dist_values(net, l - 1, GL_DIST_DACT, net->tmp, m, S);
      }
    } else if (P->fd) { /* f'(z) from the fused forward pass, in z's place */
      apply_derivative(net, P, dnext, P->z, m, S, flags);
      if (dist) gl_dist_values(net, l - 1, GL_DIST_DACT, P->z, m, S);
    } else {
      layer_derivative(P, net->tmp, m, S);
      apply_derivative(net, P, dnext, net->tmp, m, S, flags);
      if (dist) gl_dist_values(net, l - 1, GL_DIST_DACT, net->tmp, m, S);
    }
    if (P->norm != GL_NORM_NONE) gl_norm_backward(net, P, dnext, m, S, fresh);
    if (dist) gl_dist_values(net, l - 1, GL_DIST_DZ, dnext, m, S);
    float *t = dcur; dcur = dnext; dnext = t;
  }
}

/*
 * norm.c — the layer options of layers.def on feature-major chunks (see
 * train_kernels.h): batch and layer normalisation (forward and backward),
 * dropout's mask, and the row sums of the residual connections; and their
 * buffers. passes.c calls them between the dense kernels and the
 * activation; a layer without options never reaches this file.
 *
 * Batch norm (PyTorch's BatchNorm1d): per unit over the batch's m samples,
 * mu = sum z / m, var = sum (z - mu)^2 / m, xhat = (z - mu) / sqrt(var + eps),
 * y = gamma xhat + beta; the running statistics move by
 * r = (1 - momentum) r + momentum batch, with var m / (m - 1) (unbiased) for
 * the variance; evaluation uses them in place of the batch's. Layer norm
 * (LayerNorm over the units): the same per sample over the U units, in
 * training and evaluation alike. Backward, with dy = dL/dy:
 *   dgamma = sum dy xhat, dbeta = sum dy (over the samples),
 *   dz = gamma inv / n (n dy - sum dy - xhat sum dy xhat)   (batch: sums over
 *   the samples, n = m; layer: over the units of (dy gamma), n = U).
 * SIMD lanes run over samples in both: batch norm sums a row, layer norm
 * sums the rows of four samples at once.
 */
#include "network_internal.h"

#include <stdlib.h>

/* The lanes of the vector at b that hold real samples (b + lane < m). */
static inline v128_t real_lanes(int32_t b, int32_t m) {
  const v128_t lane = wasm_f32x4_make(0.0f, 1.0f, 2.0f, 3.0f);
  return wasm_f32x4_lt(lane, wasm_f32x4_splat((float)(m - b)));
}

static size_t up4(size_t n) { return (n + 3) & ~(size_t)3; }

int32_t gl_layer_buffers(gl_net *net) {
  const size_t cap = (size_t)net->cap;
  int source[GL_MAX_LAYERS + 1] = {0}; /* [0]: the input, [l + 1]: layer l feeds a residual */
  size_t total = 0, running = 0;
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    if (L->res >= 0) source[L->res] = 1;
  }
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    const size_t U = (size_t)L->out;
    if (L->norm != GL_NORM_NONE) total += U * cap + up4(U > cap ? U : cap);
    if (L->norm == GL_NORM_BATCH) running += 2 * U;
    if (L->dropout > 0.0f) total += U * cap;
    if (source[l + 1]) total += U * cap;
  }
  if (source[0]) total += cap * up4((size_t)net->inputs);
  if (!total && !running) return GL_OK;
  float *p = calloc(total + running, sizeof(float));
  if (!p) return GL_ERR_NOMEM;
  net->extra = p;
  net->running = p + total;
  for (int32_t l = 0, r = 0; l < net->nlayers; l++) {
    gl_layer *L = &net->layer[l];
    const size_t U = (size_t)L->out;
    if (L->norm != GL_NORM_NONE) {
      L->xh = p; p += U * cap;
      L->inv = p; p += up4(U > cap ? U : cap);
      net->batch_norm |= L->norm == GL_NORM_BATCH;
    }
    if (L->norm == GL_NORM_BATCH) {
      L->run_off = r;
      for (size_t u = 0; u < U; u++) net->running[r + (int32_t)(U + u)] = 1.0f; /* variance 1, mean 0 */
      r += 2 * L->out;
    }
    if (L->dropout > 0.0f) { L->mask = p; p += U * cap; }
    if (source[l + 1]) { L->dres = p; p += U * cap; }
  }
  if (source[0]) net->dres_x = p;
  return GL_OK;
}

/* ---- batch norm ------------------------------------------------------------ */

/* Sum of row z over its m real samples (S lanes, the last vector masked). */
static float row_sum(const float *z, int32_t m, int32_t S) {
  v128_t s = wasm_f32x4_splat(0.0f);
  for (int32_t b = 0; b < S; b += 4) s = wasm_f32x4_add(s, wasm_v128_and(wasm_v128_load(z + b), real_lanes(b, m)));
  return hsum4(s);
}

/* Sum of (z - mu)^2 over the m real samples. */
static float row_sq_dev(const float *z, float mu, int32_t m, int32_t S) {
  const v128_t mv = wasm_f32x4_splat(mu);
  v128_t s = wasm_f32x4_splat(0.0f);
  for (int32_t b = 0; b < S; b += 4) {
    v128_t d = wasm_v128_and(wasm_f32x4_sub(wasm_v128_load(z + b), mv), real_lanes(b, m));
    s = wasm_f32x4_add(s, wasm_f32x4_mul(d, d));
  }
  return hsum4(s);
}

static void batch_forward(gl_net *net, gl_layer *L, int32_t m, int32_t S, int train, int running) {
  const float *gamma = net->params + L->gamma_off, *beta = gamma + L->out;
  float *rmean = L->run_off >= 0 ? net->running + L->run_off : NULL, *rvar = rmean ? rmean + L->out : NULL;
  for (int32_t u = 0; u < L->out; u++) {
    float *z = L->z + (size_t)u * S;
    float mu, inv;
    if (train) {
      mu = row_sum(z, m, S) / (float)m;
      const float var = row_sq_dev(z, mu, m, S) / (float)m;
      inv = 1.0f / sqrtf(var + L->eps);
      L->inv[u] = inv;
      if (running) {
        const float k = L->momentum, unbiased = var * ((float)m / (float)(m - 1));
        rmean[u] = (1.0f - k) * rmean[u] + k * mu;
        rvar[u] = (1.0f - k) * rvar[u] + k * unbiased;
      }
    } else {
      mu = rmean[u];
      inv = 1.0f / sqrtf(rvar[u] + L->eps);
    }
    const v128_t mv = wasm_f32x4_splat(mu), iv = wasm_f32x4_splat(inv);
    const v128_t g = wasm_f32x4_splat(gamma[u]), be = wasm_f32x4_splat(beta[u]);
    float *xh = L->xh + (size_t)u * S;
    for (int32_t b = 0; b < S; b += 4) {
      v128_t x = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(z + b), mv), iv);
      if (train) wasm_v128_store(xh + b, x);
      wasm_v128_store(z + b, wasm_f32x4_add(wasm_f32x4_mul(x, g), be));
    }
  }
}

static void batch_backward(gl_net *net, gl_layer *L, float *d, int32_t m, int32_t S, int fresh) {
  const float *gamma = net->params + L->gamma_off;
  float *dgamma = net->grads + L->gamma_off, *dbeta = dgamma + L->out;
  const v128_t mm = wasm_f32x4_splat((float)m);
  for (int32_t u = 0; u < L->out; u++) {
    float *dy = d + (size_t)u * S;
    const float *xh = L->xh + (size_t)u * S;
    v128_t sb = wasm_f32x4_splat(0.0f), sg = sb;
    for (int32_t b = 0; b < S; b += 4) { /* dy is 0 on the padding lanes */
      v128_t v = wasm_v128_load(dy + b);
      sb = wasm_f32x4_add(sb, v);
      sg = wasm_f32x4_add(sg, wasm_f32x4_mul(v, wasm_v128_load(xh + b)));
    }
    const float db = hsum4(sb), dg = hsum4(sg);
    dgamma[u] = (fresh ? 0.0f : dgamma[u]) + dg;
    dbeta[u] = (fresh ? 0.0f : dbeta[u]) + db;
    const v128_t k = wasm_f32x4_splat(gamma[u] * L->inv[u] / (float)m);
    const v128_t dbv = wasm_f32x4_splat(db), dgv = wasm_f32x4_splat(dg);
    for (int32_t b = 0; b < S; b += 4) {
      v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(wasm_f32x4_mul(mm, wasm_v128_load(dy + b)), dbv),
                                wasm_f32x4_mul(wasm_v128_load(xh + b), dgv));
      wasm_v128_store(dy + b, wasm_v128_and(wasm_f32x4_mul(k, t), real_lanes(b, m)));
    }
  }
}

/* ---- layer norm -------------------------------------------------------------- */

static void layer_forward(gl_net *net, gl_layer *L, int32_t S) {
  const float *gamma = net->params + L->gamma_off, *beta = gamma + L->out;
  const int32_t U = L->out;
  const v128_t nu = wasm_f32x4_splat((float)U), eps = wasm_f32x4_splat(L->eps), one = wasm_f32x4_splat(1.0f);
  for (int32_t b = 0; b < S; b += 4) {
    v128_t s = wasm_f32x4_splat(0.0f), q = s;
    for (int32_t u = 0; u < U; u++) s = wasm_f32x4_add(s, wasm_v128_load(L->z + (size_t)u * S + b));
    const v128_t mu = wasm_f32x4_div(s, nu);
    for (int32_t u = 0; u < U; u++) {
      v128_t dv = wasm_f32x4_sub(wasm_v128_load(L->z + (size_t)u * S + b), mu);
      q = wasm_f32x4_add(q, wasm_f32x4_mul(dv, dv));
    }
    const v128_t inv = wasm_f32x4_div(one, wasm_f32x4_sqrt(wasm_f32x4_add(wasm_f32x4_div(q, nu), eps)));
    wasm_v128_store(L->inv + b, inv);
    for (int32_t u = 0; u < U; u++) {
      float *z = L->z + (size_t)u * S + b;
      v128_t x = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(z), mu), inv);
      wasm_v128_store(L->xh + (size_t)u * S + b, x);
      wasm_v128_store(z, wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(gamma[u])), wasm_f32x4_splat(beta[u])));
    }
  }
}

static void layer_backward(gl_net *net, gl_layer *L, float *d, int32_t m, int32_t S, int fresh) {
  const float *gamma = net->params + L->gamma_off;
  float *dgamma = net->grads + L->gamma_off, *dbeta = dgamma + L->out;
  const int32_t U = L->out;
  for (int32_t u = 0; u < U; u++) { /* dgamma, dbeta: sums over the samples (dy is 0 on the padding) */
    const float *dy = d + (size_t)u * S, *xh = L->xh + (size_t)u * S;
    v128_t sb = wasm_f32x4_splat(0.0f), sg = sb;
    for (int32_t b = 0; b < S; b += 4) {
      v128_t v = wasm_v128_load(dy + b);
      sb = wasm_f32x4_add(sb, v);
      sg = wasm_f32x4_add(sg, wasm_f32x4_mul(v, wasm_v128_load(xh + b)));
    }
    dgamma[u] = (fresh ? 0.0f : dgamma[u]) + hsum4(sg);
    dbeta[u] = (fresh ? 0.0f : dbeta[u]) + hsum4(sb);
  }
  const v128_t nu = wasm_f32x4_splat((float)U);
  for (int32_t b = 0; b < S; b += 4) { /* dz per sample: sums over the units */
    v128_t s1 = wasm_f32x4_splat(0.0f), s2 = s1;
    for (int32_t u = 0; u < U; u++) {
      v128_t g = wasm_f32x4_mul(wasm_v128_load(d + (size_t)u * S + b), wasm_f32x4_splat(gamma[u]));
      s1 = wasm_f32x4_add(s1, g);
      s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(g, wasm_v128_load(L->xh + (size_t)u * S + b)));
    }
    const v128_t k = wasm_v128_and(wasm_f32x4_div(wasm_v128_load(L->inv + b), nu), real_lanes(b, m));
    for (int32_t u = 0; u < U; u++) {
      float *dy = d + (size_t)u * S + b;
      v128_t g = wasm_f32x4_mul(wasm_v128_load(dy), wasm_f32x4_splat(gamma[u]));
      v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(wasm_f32x4_mul(nu, g), s1),
                                wasm_f32x4_mul(wasm_v128_load(L->xh + (size_t)u * S + b), s2));
      wasm_v128_store(dy, wasm_f32x4_mul(k, t));
    }
  }
}

void gl_norm_forward(gl_net *net, gl_layer *L, int32_t m, int32_t S, unsigned pass) {
  if (L->norm == GL_NORM_BATCH)
    batch_forward(net, L, m, S, (pass & GL_PASS_GRADIENT) != 0, (pass & GL_PASS_RUNNING) != 0);
  else
    layer_forward(net, L, S);
}

void gl_norm_backward(gl_net *net, gl_layer *L, float *d, int32_t m, int32_t S, int fresh) {
  if (L->norm == GL_NORM_BATCH) batch_backward(net, L, d, m, S, fresh);
  else layer_backward(net, L, d, m, S, fresh);
}

/* ---- dropout, residual rows ------------------------------------------------------ */

void gl_dropout_forward(gl_net *net, gl_layer *L, int32_t m, int32_t S) {
  const float scale = 1.0f / (1.0f - L->dropout);
  for (int32_t u = 0; u < L->out; u++) {
    float *mk = L->mask + (size_t)u * S;
    for (int32_t b = 0; b < m; b++) mk[b] = gl_rng_u32(&net->drop_rng) >= L->drop_thr ? scale : 0.0f;
    for (int32_t b = m; b < S; b++) mk[b] = 0.0f;
  }
  gl_mul_rows(L->a, L->mask, L->out, S);
}

void gl_add_rows(float *dst, const float *src, int32_t R, int32_t S) {
  const size_t n = (size_t)R * (size_t)S; /* a multiple of 4 */
  for (size_t i = 0; i < n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
}

void gl_mul_rows(float *dst, const float *src, int32_t R, int32_t S) {
  const size_t n = (size_t)R * (size_t)S;
  for (size_t i = 0; i < n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_mul(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
}

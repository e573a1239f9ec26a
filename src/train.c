/*
 * train.c — the public passes over data: gl_net_predict, gl_net_gradients,
 * gl_net_evaluate and the training loop gl_net_train_epoch (epoch order,
 * mini-batches, optimiser steps, statistics).
 *
 * A mini-batch (or the n samples of gl_net_gradients / gl_net_evaluate /
 * gl_net_predict) is processed in chunks of at most `cap` samples, gathered
 * feature-major from the sample-major data; gradients accumulate (+=) over
 * the chunks with the loss scaled by 1/batch, so a batch larger than the
 * chunk gives the same gradient as one big pass. No memory is allocated
 * inside the batch loop.
 *
 * Divergence: a batch whose float loss is not finite is not applied; an
 * update that makes a weight non-finite is rolled back from `backup` and the
 * optimiser state is reset; both return GL_ERR_DIVERGED with the statistics of
 * the batches completed before.
 */
#include "network_internal.h"
#include "status_internal.h"

#include <stdlib.h>

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

GL_API int32_t gl_all_finite(const float *x, int32_t n) {
  return x && n >= 0 && all_finite(x, (size_t)n);
}

/* Gather samples idx[0..m) (or start..start+m when idx is NULL) of X and Y
 * into x0, y0, feature-major with padding zeroed. Y may be NULL. */
static void gather(gl_net *net, const float *X, const float *Y, const int32_t *idx, int32_t start,
                   int32_t m, int32_t S) {
  const int32_t I = net->inputs, K = net->outputs;
  const int32_t *ix = idx ? idx + start : NULL;
#define GL_SAMPLE_(b) (X + (size_t)(ix ? ix[b] : start + (b)) * I)
  int32_t b0 = 0;
  if (I >= 4) /* wide inputs: 4 samples x 4 features at a time, read along each sample's row
                 (the strided column walk below misses the cache once per value) */
    for (; b0 + 4 <= m; b0 += 4) {
      const float *s0 = GL_SAMPLE_(b0), *s1 = GL_SAMPLE_(b0 + 1), *s2 = GL_SAMPLE_(b0 + 2), *s3 = GL_SAMPLE_(b0 + 3);
      float *dst = net->x0 + b0;
      int32_t i = 0;
      for (; i + 4 <= I; i += 4, dst += (size_t)4 * S) {
        v128_t r0 = wasm_v128_load(s0 + i), r1 = wasm_v128_load(s1 + i);
        v128_t r2 = wasm_v128_load(s2 + i), r3 = wasm_v128_load(s3 + i);
        v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
        v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
        wasm_v128_store(dst, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
        wasm_v128_store(dst + S, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
        wasm_v128_store(dst + (size_t)2 * S, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
        wasm_v128_store(dst + (size_t)3 * S, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
      }
      for (; i < I; i++, dst += S) { dst[0] = s0[i]; dst[1] = s1[i]; dst[2] = s2[i]; dst[3] = s3[i]; }
    }
#undef GL_SAMPLE_
  for (int32_t i = 0; i < I; i++) { /* the rest (all of a narrow input): a feature at a time */
    float *row = net->x0 + (size_t)i * S;
    const float *col = X + i;
    if (ix) for (int32_t b = b0; b < m; b++) row[b] = col[(size_t)ix[b] * I];
    else for (int32_t b = b0; b < m; b++) row[b] = col[(size_t)(start + b) * I];
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

/* Loss (sum over samples) and, with GL_PASS_GRADIENT, gradient of (sum of
 * losses)*scale into grads (the first chunk writes, later chunks add), over
 * samples [start, start+count) of the order idx; GL_PASS_UNIT_FLAGS: update
 * the units' dead / saturated flags too. */
static void accumulate(gl_net *net, const float *X, const float *Y, const int32_t *idx, int32_t start,
                       int32_t count, double scale, unsigned pass, double *loss_sum, double *correct) {
  const gl_layer *O = &net->layer[net->nlayers - 1];
  for (int32_t c = 0; c < count; c += net->cap) {
    int32_t m = count - c < net->cap ? count - c : net->cap, S = pad4(m);
    gather(net, X, Y, idx, start + c, m, S);
    net->dx_row = start + c;
    gl_chunk_forward(net, m, S, pass);
    gl_loss_chunk(net->loss, O->z, O->a, net->y0, O->out, m, S, scale,
                  pass & GL_PASS_GRADIENT ? net->d0 : NULL, net->tmp, loss_sum, correct);
    if (pass & GL_PASS_GRADIENT) gl_chunk_backward(net, m, S, pass | (c == 0 ? GL_PASS_FIRST_CHUNK : 0u));
    pass &= ~(unsigned)GL_PASS_DIST; /* the probe is the first chunk */
  }
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
    gl_chunk_forward(net, m, S, GL_PASS_INFERENCE);
    if (K == 1) memcpy(out + c, L->a, sizeof(float) * (size_t)m);
    else
      for (int32_t b = 0; b < m; b++)
        for (int32_t k = 0; k < K; k++) out[(size_t)(c + b) * K + k] = L->a[(size_t)k * S + b];
  }
  return GL_OK;
}

/* Batch norm takes a batch of 2 … cap samples (one chunk: its statistics are the batch's). */
static int batch_fits(const gl_net *net, int32_t batch) {
  return !net->batch_norm || (batch >= 2 && batch <= net->cap);
}

GL_API int32_t gl_net_input_gradients(gl_net *net, const float *X, const float *Y,
                                      int32_t n, float *loss_out, float *dX) {
  if (!net || !X || !Y) return GL_ERR_NULL;
  GL_TRY(check_data(net, X, Y, n));
  if (!batch_fits(net, n)) return GL_ERR_SIZE;
  double loss = 0.0, correct = 0.0;
  net->dx = dX;
  accumulate(net, X, Y, NULL, 0, n, 1.0 / n, GL_PASS_GRADIENT, &loss, &correct);
  net->dx = NULL;
  if (loss_out) *loss_out = (float)(loss / n);
  return GL_OK;
}

GL_API int32_t gl_net_gradients(gl_net *net, const float *X, const float *Y,
                                int32_t n, float *loss_out) {
  return gl_net_input_gradients(net, X, Y, n, loss_out, NULL);
}

GL_API int32_t gl_net_evaluate(gl_net *net, const float *X, const float *Y,
                               int32_t n, float *loss_out, float *acc_out) {
  if (!net || !X || !Y) return GL_ERR_NULL;
  GL_TRY(check_data(net, X, Y, n));
  double loss = 0.0, correct = 0.0;
  accumulate(net, X, Y, NULL, 0, n, 1.0 / n, GL_PASS_INFERENCE, &loss, &correct);
  if (loss_out) *loss_out = (float)(loss / n);
  if (acc_out) *acc_out = (float)(correct / n);
  return GL_OK;
}

/* net->perm[0..n): 0..n-1, shuffled (Fisher-Yates, the network's generator)
 * when shuffle. */
static int32_t epoch_order(gl_net *net, int32_t n, int32_t shuffle) {
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
  return GL_OK;
}

/* One epoch; dist (gl_net_train_epoch_full) NULL for the basic statistics;
 * probe: measure the distributions too (else only the layers' updateRatio). */
static int32_t train_epoch(gl_net *net, const float *X, const float *Y, int32_t n, int32_t batch,
                           int32_t shuffle, float *stats, float *dist, int32_t probe) {
  if (!net || !X || !Y || !stats) return GL_ERR_NULL;
  if (batch < 1 || batch > GL_MAX_BATCH) return GL_ERR_SIZE;
  GL_TRY(check_data(net, X, Y, n));
  /* batch norm: every batch (the last one too) 2 … cap samples */
  if (!batch_fits(net, n < batch ? n : batch) || (net->batch_norm && n > batch && n % batch == 1)) return GL_ERR_SIZE;
  GL_TRY(epoch_order(net, n, shuffle));
  if (dist) {
    if (!net->wstart && !(net->wstart = malloc(sizeof(float) * (size_t)net->nparams))) return GL_ERR_NOMEM;
    memcpy(net->wstart, net->params, sizeof(float) * (size_t)net->nparams); /* dist: every float is written */
  }
  gl_epoch_stats es;
  gl_epoch_stats_begin(&es, net);
  int32_t st = GL_OK;
  for (int32_t s = 0; s < n; s += batch) {
    int32_t bs = n - s < batch ? n - s : batch;
    double bl = 0.0, bc = 0.0;
    unsigned pass = GL_PASS_GRADIENT | GL_PASS_UNIT_FLAGS | GL_PASS_RUNNING;
    if (probe && s == 0) { net->dist = dist; pass |= GL_PASS_DIST; }
    accumulate(net, X, Y, net->perm, s, bs, 1.0 / bs, pass, &bl, &bc);
    net->dist = NULL;
    if (!isfinite((float)(bl / bs))) { st = GL_ERR_DIVERGED; break; } /* incl. overflow of float */
    if (probe && s == 0) gl_dist_grads(net, dist);
    double sabs[4 * GL_MAX_LAYERS], ssq[4 * GL_MAX_LAYERS]; /* per slice (net->slice) */
    if (!gl_optimizer_step(&net->opt, &net->steps, net->params, net->grads, net->m, net->v, net->backup,
                           (size_t)net->nparams, net->slice, net->nslices, sabs, ssq)) {
      st = GL_ERR_DIVERGED;
      break;
    }
    gl_epoch_stats_add_batch(&es, net, sabs, ssq, bl / bs, bc / bs);
  }
  gl_epoch_stats_write(&es, net, stats);
  if (dist) gl_dist_finish(net, dist, probe);
  return st;
}

GL_API int32_t gl_net_train_epoch(gl_net *net, const float *X, const float *Y,
                                  int32_t n, int32_t batch, int32_t shuffle,
                                  float *stats) {
  return train_epoch(net, X, Y, n, batch, shuffle, stats, NULL, 0);
}

GL_API int32_t gl_net_train_epoch_full(gl_net *net, const float *X, const float *Y,
                                       int32_t n, int32_t batch, int32_t shuffle,
                                       float *stats, float *dist, int32_t probe) {
  if (!dist) return GL_ERR_NULL;
  return train_epoch(net, X, Y, n, batch, shuffle, stats, dist, probe != 0);
}

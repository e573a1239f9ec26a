/*
 * epoch_stats.c — the statistics of one training epoch (gradlab.h:
 * GL_EPOCH_HEAD + GL_LAYER_STATS floats per layer).
 *
 * Data loss and accuracy are means over the epoch's batches, as are each
 * layer's gradient statistics (from the optimiser step's sums over the
 * kernel and bias slices). A (sample, unit) pair is dead when f'(z) = 0
 * (a step unit's always is), saturated when |f'(z)| is not >= 1% of max |f'|
 * (gl_derivative_max: max over [-20, 20], 1/4 for softmax's Jacobian
 * diagonal); the backward pass (passes.c) counts them per unit. A unit is
 * dead (saturated) when all its pairs of the epoch are; deadShare and
 * saturatedShare are the pairs' fractions.
 */
#include "network_internal.h"

/* Max of |f'| over [-20, 20] on a grid of step 1/64 (0 included): the scale
 * of "saturated" (f' < 1% of it). 2561 derivative evaluations per layer. */
float gl_derivative_max(const gl_layer *L) {
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

void gl_epoch_stats_begin(gl_epoch_stats *es, gl_net *net) {
  memset(net->nzero, 0, sizeof *net->nzero * (size_t)net->total_units);
  memset(net->nsat, 0, sizeof *net->nsat * (size_t)net->total_units);
  net->flag_samples = 0;
  memset(es, 0, sizeof *es);
}

void gl_epoch_stats_add_batch(gl_epoch_stats *es, const gl_net *net, const double *sabs, const double *ssq,
                              double loss, double acc) {
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    es->gabs[l] += sabs[2 * l] / ((double)L->in * L->out);
    es->gnorm[l] += sqrt(ssq[2 * l]);
    es->babs[l] += sabs[2 * l + 1] / L->out;
    if (L->norm != GL_NORM_NONE) {
      es->gamma_abs[l] += sabs[L->norm_slice] / L->out;
      es->beta_abs[l] += sabs[L->norm_slice + 1] / L->out;
    }
  }
  es->loss += loss;
  es->acc += acc;
  es->batches++;
}

void gl_epoch_stats_write(const gl_epoch_stats *es, const gl_net *net, float *stats) {
  const int32_t done = es->batches;
  double inv = done ? 1.0 / done : 0.0;
  stats[GL_EPOCH_LOSS] = done ? (float)(es->loss * inv) : NAN;
  stats[GL_EPOCH_ACCURACY] = done ? (float)(es->acc * inv) : NAN;
  stats[GL_EPOCH_BATCHES] = (float)done;
  const int64_t ns = net->flag_samples;
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    float *o = stats + GL_EPOCH_HEAD + (size_t)l * GL_LAYER_STATS;
    int32_t dead = 0, sat = 0;
    double zero_pairs = 0.0, sat_pairs = 0.0;
    for (int32_t u = 0; u < L->out; u++) {
      const uint32_t z = net->nzero[L->unit_off + u], q = net->nsat[L->unit_off + u];
      dead += z == ns;
      sat += q == ns;
      zero_pairs += z;
      sat_pairs += q;
    }
    const int counted = done && ns > 0;
    const double pairs = (double)ns * L->out;
    double wa, wq;
    gl_sum_abs_sq(net->params + L->kernel_off, (size_t)L->in * (size_t)L->out, &wa, &wq);
    o[GL_STAT_GRAD_MEAN_ABS] = (float)(es->gabs[l] * inv);
    o[GL_STAT_GRAD_NORM] = (float)(es->gnorm[l] * inv);
    o[GL_STAT_DEAD_FRACTION] = counted ? (float)dead / (float)L->out : 0.0f;
    o[GL_STAT_SATURATED_FRACTION] = counted ? (float)sat / (float)L->out : 0.0f;
    o[GL_STAT_BIAS_GRAD_MEAN_ABS] = (float)(es->babs[l] * inv);
    o[GL_STAT_WEIGHT_MEAN_ABS] = (float)(wa / ((double)L->in * L->out));
    o[GL_STAT_DEAD_SHARE] = counted ? (float)(zero_pairs / pairs) : 0.0f;
    o[GL_STAT_SATURATED_SHARE] = counted ? (float)(sat_pairs / pairs) : 0.0f;
    o[GL_STAT_GAMMA_GRAD_MEAN_ABS] = (float)(es->gamma_abs[l] * inv);
    o[GL_STAT_BETA_GRAD_MEAN_ABS] = (float)(es->beta_abs[l] * inv);
  }
}

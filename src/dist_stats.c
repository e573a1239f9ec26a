/*
 * dist_stats.c — the distributions of an epoch ('full' statistics;
 * gl_net_train_epoch_full, layout in gradlab.h's GL_DIST_* lists, definitions
 * in docs/API.md).
 *
 * What is measured. The probe is the first chunk (at most GL_NET_CHUNK = 256
 * samples, in the shuffled order) of the epoch's first batch: z, a, f'(z) and
 * dL/dz of every layer over the probe's (unit, sample) pairs, taken by
 * passes.c in the same sweep the training does (nothing is recomputed, so
 * training is unchanged bit for bit); the probe batch's kernel gradient
 * before its update; the kernel at the end of the epoch. The units' dead and
 * saturated shares come from the backward pass's counts over every sample of
 * the epoch (epoch_stats.c).
 *
 * Per quantity: count, mean and population std (two passes, double sums);
 * a histogram of GL_DIST_BINS equal bins over [lo, hi) of the quantity's row
 * with under / over counts; a histogram of log10|x|, GL_DIST_LOG_BINS bins
 * over [GL_DIST_LOG_LO, GL_DIST_LOG_HI) (bin k: |x| in [edge[k],
 * edge[k+1]), edge[k] = (float)10^(LOG_LO + k step)), with the values below
 * (logZero, 0 included) and above (logOver); the percentiles from the same
 * log bins kept per sign: the value of rank max(1, ceil(p n / 100)) in
 * ascending order is reported as the signed log centre of its bin,
 * ±10^(LOG_LO + (k + 1/2) step) (0 for logZero, ±10^LOG_HI for logOver): it
 * is within half a bin (a factor 10^0.05 = 1.122) of the true value.
 */
#include "network_internal.h"

#include <stdlib.h>

#define LOG_STEP ((double)(GL_DIST_LOG_HI - GL_DIST_LOG_LO) / GL_DIST_LOG_BINS)

static const double LIN_LO[] = {
#define GL_X_(id, js, lo, hi) lo,
  GL_DIST_QUANTITY_LIST(GL_X_)
#undef GL_X_
};
static const double LIN_HI[] = {
#define GL_X_(id, js, lo, hi) hi,
  GL_DIST_QUANTITY_LIST(GL_X_)
#undef GL_X_
};
static const double PERCENT[] = {
#define GL_X_(id, percent) percent,
  GL_DIST_PERCENTILE_LIST(GL_X_)
#undef GL_X_
};

static float edge[GL_DIST_LOG_BINS + 1]; /* |x| edges of the log bins */
static float centre[GL_DIST_LOG_BINS];   /* their log centres: the percentiles' values */
static int edges_ready;

static void init_edges(void) {
  if (edges_ready) return;
  for (int k = 0; k <= GL_DIST_LOG_BINS; k++) edge[k] = (float)pow(10.0, GL_DIST_LOG_LO + k * LOG_STEP);
  for (int k = 0; k < GL_DIST_LOG_BINS; k++) centre[k] = (float)pow(10.0, GL_DIST_LOG_LO + (k + 0.5) * LOG_STEP);
  edges_ready = 1;
}

static size_t layer_offset(const gl_net *net, int32_t l) {
  size_t off = 0;
  for (int32_t i = 0; i < l; i++)
    off += GL_DIST_LAYER_HEAD + (size_t)GL_DIST_QUANTITIES * GL_DIST_QFLOATS + (size_t)GL_DIST_UNIT_STATS * net->layer[i].out;
  return off;
}

float *gl_dist_layer(const gl_net *net, float *dist, int32_t l) { return dist + layer_offset(net, l); }

GL_API int32_t gl_net_dist_floats(const gl_net *net) { return net ? (int32_t)layer_offset(net, net->nlayers) : 0; }

static float *quantity(float *layer, int32_t q) { return layer + GL_DIST_LAYER_HEAD + (size_t)q * GL_DIST_QFLOATS; }
static float *units(const gl_net *net, float *layer, int32_t l, int32_t stat) {
  return layer + GL_DIST_LAYER_HEAD + (size_t)GL_DIST_QUANTITIES * GL_DIST_QFLOATS + (size_t)stat * net->layer[l].out;
}

/* The log bin of |x| >= edge[0], < edge[LOG_BINS]: a lower bound from the
 * float's bits (e + mantissa <= log2|x|, off by at most 0.086 octaves = 0.026
 * decades < one bin), then one comparison with the next edge. */
static inline int log_bin(float ax) {
  uint32_t b;
  memcpy(&b, &ax, sizeof b);
  const float l2 = (float)b * (1.0f / 8388608.0f) - 127.0f;
  int k = (int)((l2 * 0.30102999566f - (float)GL_DIST_LOG_LO) * (float)(1.0 / LOG_STEP));
  if (k < 0) k = 0;
  if (k + 1 < GL_DIST_LOG_BINS && ax >= edge[k + 1]) k++;
  return k;
}

/* rows of m values (stride S) -> the quantity's floats o. */
static void measure(float *o, int32_t q, const float *v, int32_t rows, int32_t m, size_t S) {
  init_edges();
  const double n = (double)rows * m;
  double sum = 0.0;
  for (int32_t r = 0; r < rows; r++) {
    const float *x = v + (size_t)r * S;
    double rs = 0.0;
    for (int32_t b = 0; b < m; b++) rs += x[b];
    sum += rs;
  }
  const double mean = n > 0 ? sum / n : 0.0;
  float *hist = o + GL_DIST_FIELDS + GL_DIST_PERCENTILES, *lhist = hist + GL_DIST_BINS;
  uint32_t lin[GL_DIST_BINS] = {0}, neg[GL_DIST_LOG_BINS] = {0}, pos[GL_DIST_LOG_BINS] = {0};
  uint32_t under = 0, over = 0, lzero = 0, lover_neg = 0, lover_pos = 0;
  const float lo = (float)LIN_LO[q], inv = (float)(GL_DIST_BINS / (LIN_HI[q] - LIN_LO[q]));
  const float fmean = (float)mean, top = edge[GL_DIST_LOG_BINS], bottom = edge[0];
  double ss = 0.0;
  for (int32_t r = 0; r < rows; r++) {
    const float *x = v + (size_t)r * S;
    double rss = 0.0;
    for (int32_t b = 0; b < m; b++) {
      const float xv = x[b], d = xv - fmean;
      rss += (double)d * d;
      const float t = (xv - lo) * inv;
      if (!(t >= 0.0f)) under++;
      else if (t >= (float)GL_DIST_BINS) over++;
      else lin[(int)t]++;
      const float ax = fabsf(xv);
      if (!(ax < top)) { if (xv < 0.0f) lover_neg++; else lover_pos++; }
      else if (ax < bottom) lzero++;
      else if (xv < 0.0f) neg[log_bin(ax)]++;
      else pos[log_bin(ax)]++;
    }
    ss += rss;
  }
  /* the float mean's error is second order in the sum of squares: correct it */
  const double dm = mean - (double)fmean;
  const double var = n > 0 ? ss / n - dm * dm : 0.0;
  o[GL_DIST_COUNT] = (float)n;
  o[GL_DIST_MEAN] = (float)mean;
  o[GL_DIST_STD] = (float)sqrt(var > 0.0 ? var : 0.0);
  o[GL_DIST_UNDER] = (float)under;
  o[GL_DIST_OVER] = (float)over;
  o[GL_DIST_LOG_ZERO] = (float)lzero;
  o[GL_DIST_LOG_OVER] = (float)(lover_neg + lover_pos);
  for (int k = 0; k < GL_DIST_BINS; k++) hist[k] = (float)lin[k];
  for (int k = 0; k < GL_DIST_LOG_BINS; k++) lhist[k] = (float)(neg[k] + pos[k]);
  /* percentiles, in one walk (the list is ascending): -over, neg bins down,
   * zero, pos bins up, +over */
  float *p = o + GL_DIST_FIELDS;
  int i = 0;
  double c = 0.0;
  const double rmax = n > 0 ? n : 1.0;
  double rank = fmax(1.0, ceil(PERCENT[0] * rmax / 100.0 - 1e-9));
#define EMIT_(count, value)                                                                    \
  for (c += (count); i < GL_DIST_PERCENTILES && rank <= c;) {                                  \
    p[i++] = (value);                                                                          \
    if (i < GL_DIST_PERCENTILES) rank = fmax(1.0, ceil(PERCENT[i] * rmax / 100.0 - 1e-9));     \
  }
  EMIT_(lover_neg, -top)
  for (int k = GL_DIST_LOG_BINS - 1; k >= 0 && i < GL_DIST_PERCENTILES; k--) {
    if (neg[k]) { EMIT_(neg[k], -centre[k]) }
  }
  EMIT_(lzero, 0.0f)
  for (int k = 0; k < GL_DIST_LOG_BINS && i < GL_DIST_PERCENTILES; k++) {
    if (pos[k]) { EMIT_(pos[k], centre[k]) }
  }
  EMIT_(lover_pos, top)
#undef EMIT_
  for (; i < GL_DIST_PERCENTILES; i++) p[i] = NAN; /* no values */
}

void gl_dist_values(gl_net *net, int32_t l, int32_t q, const float *v, int32_t m, int32_t S) {
  const gl_layer *L = &net->layer[l];
  float *layer = gl_dist_layer(net, net->dist, l);
  measure(quantity(layer, q), q, v, L->out, m, (size_t)S);
  if (q == GL_DIST_A) {
    float *ma = units(net, layer, l, GL_DIST_UNIT_MEAN_ACT);
    for (int32_t u = 0; u < L->out; u++) {
      double s = 0.0;
      for (int32_t b = 0; b < m; b++) s += v[(size_t)u * S + b];
      ma[u] = (float)(s / m);
    }
  }
}

void gl_dist_grads(gl_net *net, float *dist) {
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    float *layer = gl_dist_layer(net, dist, l);
    const float *g = net->grads + L->kernel_off;
    measure(quantity(layer, GL_DIST_GRAD), GL_DIST_GRAD, g, 1, L->in * L->out, 0);
    float *gu = units(net, layer, l, GL_DIST_UNIT_GRAD);
    for (int32_t u = 0; u < L->out; u++) {
      double s = 0.0;
      for (int32_t i = 0; i < L->in; i++) s += fabsf(g[(size_t)i * L->out + u]);
      gu[u] = (float)(s / L->in);
    }
  }
}

void gl_dist_finish(gl_net *net, float *dist) {
  const double ns = (double)net->flag_samples;
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    float *layer = gl_dist_layer(net, dist, l);
    const float *w = net->params + L->kernel_off, *w0 = net->wstart + L->kernel_off;
    const size_t nk = (size_t)L->in * L->out;
    measure(quantity(layer, GL_DIST_WEIGHT), GL_DIST_WEIGHT, w, 1, (int32_t)nk, 0);
    double dd = 0.0, d0 = 0.0;
    for (size_t i = 0; i < nk; i++) {
      const double d = (double)w[i] - w0[i];
      dd += d * d;
      d0 += (double)w0[i] * w0[i];
    }
    layer[GL_DIST_UPDATE_RATIO] = d0 > 0.0 ? (float)sqrt(dd / d0) : NAN;
    float *dead = units(net, layer, l, GL_DIST_UNIT_DEAD), *sat = units(net, layer, l, GL_DIST_UNIT_SAT);
    for (int32_t u = 0; u < L->out; u++) {
      dead[u] = ns > 0 ? (float)(net->nzero[L->unit_off + u] / ns) : 0.0f;
      sat[u] = ns > 0 ? (float)(net->nsat[L->unit_off + u] / ns) : 0.0f;
    }
  }
}

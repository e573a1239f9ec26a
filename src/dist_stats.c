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
 * (logZero, 0 included; zeros: the values exactly 0, ±0) and above
 * (logOver); the percentiles from the same
 * log bins kept per sign: the value of rank max(1, ceil(p n / 100)) in
 * ascending order is reported as the signed log centre of its bin,
 * ±10^(LOG_LO + (k + 1/2) step) (0 for logZero, ±10^LOG_HI for logOver): it
 * is within half a bin (a factor 10^0.05 = 1.122) of the true value. With
 * them the exact min, max and the smallest non-zero |x| (absMin): the JS
 * side (percentiles.js) says a percentile exactly when its bin meets
 * [absMin, max] in one point (a ReLU's f' of 1).
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

/* The log classes of |x|: j = 0 below 10^LOG_LO (0 included), j = 1 + k for
 * log bin k, j = LOG_BINS + 1 at or above 10^LOG_HI (inf, NaN). */
enum { NCLASS = GL_DIST_LOG_BINS + 2 };
static float edge[GL_DIST_LOG_BINS + 1];  /* |x| edges of the log bins: edge[k] = float(10^(LOG_LO + k step)) */
static float centre[GL_DIST_LOG_BINS];    /* their log centres: the percentiles' values */
static float lower[NCLASS + 1];           /* lower edge of class j (lower[0] = 0, lower[NCLASS] NaN) */
static int16_t cell_class[4096];          /* the class of the smallest |x| of each cell of 1/16 octave */
static int edges_ready;

static void init_edges(void) {
  if (edges_ready) return;
  for (int k = 0; k <= GL_DIST_LOG_BINS; k++) edge[k] = (float)pow(10.0, GL_DIST_LOG_LO + k * LOG_STEP);
  for (int k = 0; k < GL_DIST_LOG_BINS; k++) centre[k] = (float)pow(10.0, GL_DIST_LOG_LO + (k + 0.5) * LOG_STEP);
  lower[0] = 0.0f;
  for (int j = 1; j < NCLASS; j++) lower[j] = edge[j - 1];
  lower[NCLASS] = NAN; /* never reached, not even by inf: the last class stays the last */
  /* a cell (the top 12 bits of |x|: exponent and 4 mantissa bits) is 1/16
   * octave = 0.019 decades wide, under a bin's 0.1: it meets at most two
   * classes, its first and the next */
  for (uint32_t c = 0; c < 4096; c++) {
    const uint32_t bits = c << 19;
    float x;
    memcpy(&x, &bits, sizeof x);
    int j = 0;
    if (x != x) j = NCLASS - 1;
    else while (j + 1 < NCLASS && x >= lower[j + 1]) j++;
    cell_class[c] = (int16_t)j;
  }
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

/* rows of m values (stride S) -> the quantity's floats o; row_mean, when not
 * NULL, receives each row's mean. */
static void measure(float *o, int32_t q, const float *v, int32_t rows, int32_t m, size_t S, float *row_mean) {
  init_edges();
  const double n = (double)rows * m;
  float *hist = o + GL_DIST_FIELDS + GL_DIST_PERCENTILES, *lhist = hist + GL_DIST_BINS;
  uint32_t lin[GL_DIST_BINS + 2] = {0}; /* [0] under (NaN too), [1 .. BINS] the bins, [BINS + 1] over */
  uint32_t cls[2 * NCLASS] = {0}; /* per sign (+, -): the log classes */
  uint32_t zeros = 0;              /* values exactly 0 (+0, -0) */
  int jmin = NCLASS, jmax = -1;    /* the occupied classes: the percentiles walk only these */
  float vmin = INFINITY, vmax = -INFINITY, amin = INFINITY; /* NaN fails every comparison: skipped here, */
  int nan = 0;                                              /* and then every extreme is NaN */
  const float lo = (float)LIN_LO[q], inv = (float)(GL_DIST_BINS / (LIN_HI[q] - LIN_LO[q]));
  /* one pass: sums of d = x - K, K the first value (shifted data: no
   * cancellation while K is inside the data's range), in double */
  const float K = n > 0 ? v[0] : 0.0f;
  double sd = 0.0, ss = 0.0;
  for (int32_t r = 0; r < rows; r++) {
    const float *x = v + (size_t)r * S;
    double rs = 0.0, rss = 0.0;
    for (int32_t b = 0; b < m; b++) {
      const float xv = x[b];
      const double d = (double)xv - K;
      rs += d;
      rss += d * d;
      const float t = fminf(fmaxf((xv - lo) * inv, -1.0f), (float)GL_DIST_BINS); /* NaN -> -1: under */
      lin[(int)floorf(t) + 1]++;
      uint32_t bits;
      memcpy(&bits, &xv, sizeof bits);
      const uint32_t sign = bits >> 31;
      bits &= 0x7fffffffu;
      zeros += bits == 0;
      float ax;
      memcpy(&ax, &bits, sizeof ax);
      nan |= xv != xv;
      vmin = xv < vmin ? xv : vmin;
      vmax = xv > vmax ? xv : vmax;
      amin = bits != 0 && ax < amin ? ax : amin;
      int j = cell_class[bits >> 19];
      j += ax >= lower[j + 1];
      jmin = j < jmin ? j : jmin;
      jmax = j > jmax ? j : jmax;
      cls[sign * NCLASS + (uint32_t)j]++;
    }
    sd += rs;
    ss += rss;
    if (row_mean) row_mean[r] = (float)(K + rs / m);
  }
  const uint32_t *pos = cls, *neg = cls + NCLASS;
  const double dmean = n > 0 ? sd / n : 0.0, var = n > 0 ? ss / n - dmean * dmean : 0.0;
  o[GL_DIST_COUNT] = (float)n;
  o[GL_DIST_MEAN] = (float)(K + dmean);
  o[GL_DIST_STD] = (float)sqrt(var > 0.0 ? var : 0.0);
  o[GL_DIST_UNDER] = (float)lin[0];
  o[GL_DIST_OVER] = (float)lin[GL_DIST_BINS + 1];
  o[GL_DIST_LOG_ZERO] = (float)(pos[0] + neg[0]);
  o[GL_DIST_LOG_OVER] = (float)(pos[NCLASS - 1] + neg[NCLASS - 1]);
  o[GL_DIST_ZEROS] = (float)zeros;
  o[GL_DIST_MIN] = nan || !(n > 0) ? NAN : vmin;
  o[GL_DIST_MAX] = nan || !(n > 0) ? NAN : vmax;
  o[GL_DIST_ABS_MIN] = nan || !(n - zeros > 0) ? NAN : amin; /* every value 0: none */
  for (int k = 0; k < GL_DIST_BINS; k++) hist[k] = (float)lin[k + 1];
  for (int k = 0; k < GL_DIST_LOG_BINS; k++) lhist[k] = (float)(neg[k + 1] + pos[k + 1]);
  /* percentiles, in one walk (the list is ascending) */
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
  /* ascending: -over, the negative classes down, zero, the positive up, +over */
  for (int j = jmax; j >= jmin && i < GL_DIST_PERCENTILES; j--) {
    if (neg[j]) { EMIT_(neg[j], j == 0 ? 0.0f : j == NCLASS - 1 ? -lower[NCLASS - 1] : -centre[j - 1]) }
  }
  EMIT_(pos[0], 0.0f)
  for (int j = jmin > 1 ? jmin : 1; j <= jmax && i < GL_DIST_PERCENTILES; j++) {
    if (pos[j]) { EMIT_(pos[j], j == NCLASS - 1 ? lower[NCLASS - 1] : centre[j - 1]) }
  }
#undef EMIT_
  for (; i < GL_DIST_PERCENTILES; i++) p[i] = NAN; /* no values */
}

void gl_dist_values(gl_net *net, int32_t l, int32_t q, const float *v, int32_t m, int32_t S) {
  const gl_layer *L = &net->layer[l];
  float *layer = gl_dist_layer(net, net->dist, l);
  measure(quantity(layer, q), q, v, L->out, m, (size_t)S, q == GL_DIST_A ? units(net, layer, l, GL_DIST_UNIT_MEAN_ACT) : NULL);
}

void gl_dist_grads(gl_net *net, float *dist) {
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    float *layer = gl_dist_layer(net, dist, l);
    const float *g = net->grads + L->kernel_off;
    measure(quantity(layer, GL_DIST_GRAD), GL_DIST_GRAD, g, 1, L->in * L->out, 0, NULL);
    float *gu = units(net, layer, l, GL_DIST_UNIT_GRAD);
    for (int32_t u = 0; u < L->out; u++) {
      double s = 0.0;
      for (int32_t i = 0; i < L->in; i++) s += fabsf(g[(size_t)i * L->out + u]);
      gu[u] = (float)(s / L->in);
    }
  }
}

void gl_dist_finish(gl_net *net, float *dist, int probe) {
  const double ns = (double)net->flag_samples;
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    float *layer = gl_dist_layer(net, dist, l);
    const float *w = net->params + L->kernel_off, *w0 = net->wstart + L->kernel_off;
    const size_t nk = (size_t)L->in * L->out;
    if (probe) measure(quantity(layer, GL_DIST_WEIGHT), GL_DIST_WEIGHT, w, 1, (int32_t)nk, 0, NULL);
    double dd = 0.0, d0 = 0.0;
    for (size_t i = 0; i < nk; i++) {
      const double d = (double)w[i] - w0[i];
      dd += d * d;
      d0 += (double)w0[i] * w0[i];
    }
    layer[GL_DIST_UPDATE_RATIO] = d0 > 0.0 ? (float)sqrt(dd / d0) : NAN;
    if (!probe) continue;
    float *dead = units(net, layer, l, GL_DIST_UNIT_DEAD), *sat = units(net, layer, l, GL_DIST_UNIT_SAT);
    for (int32_t u = 0; u < L->out; u++) {
      dead[u] = ns > 0 ? (float)(net->nzero[L->unit_off + u] / ns) : 0.0f;
      sat[u] = ns > 0 ? (float)(net->nsat[L->unit_off + u] / ns) : 0.0f;
    }
  }
}

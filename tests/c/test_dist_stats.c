/*
 * test_dist_stats.c — gl_net_train_epoch_full's distributions against a
 * float64 reference (net_reference.h's activations, a sample-by-sample
 * forward and backward pass in double) for a fixed net and probe batch.
 *
 * Tolerances: count exact; mean and std within 1e-5 of the quantity's RMS
 * sqrt(mean^2 + std^2) (the library computes z, a, ... in float: ~1e-7
 * relative per value); percentiles within one log bin of the reference's
 * value of the same rank (the library reports its bin's centre: half a bin,
 * plus one bin when a value sits on an edge and float and double round to
 * either side); histogram counts equal except for values within 1e-4 of a bin
 * width (linear) or 1e-5 decades (log) of an edge, which may move one bin;
 * zeros (values exactly 0) those of the reference, plus values under 1e-6 of
 * the largest that float rounds to 0; the percentiles of the non-zero |x|
 * derived from the log bins and zeros as the percentiles are.
 * Training with 'full' is bit-identical to 'basic'.
 */
#include "net_reference.h"

/* the gradient check of net_reference.h is not used here */
static void (*const unused_ref_grad)(const ref_net *, const double *, const float *, const float *, int, double, double *) = ref_grad;

enum { N = 40, IN = 3, B = 16, NL = 3 };
static const int U[NL] = {6, 5, 1};

/* reference values of quantity q of layer l: [unit][sample] or kernel */
static double ref_vals[NL][GL_DIST_QUANTITIES][64 * B];
static int ref_n[NL][GL_DIST_QUANTITIES];

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static const double LO[] = {
#define GL_X_(id, js, lo, hi) lo,
  GL_DIST_QUANTITY_LIST(GL_X_)
#undef GL_X_
};
static const double HI[] = {
#define GL_X_(id, js, lo, hi) hi,
  GL_DIST_QUANTITY_LIST(GL_X_)
#undef GL_X_
};
static const double PCT[] = {
#define GL_X_(id, percent) percent,
  GL_DIST_PERCENTILE_LIST(GL_X_)
#undef GL_X_
};

static void check_quantity(const float *o, int l, int q) {
  const int n = ref_n[l][q];
  double *v = ref_vals[l][q];
  double s = 0, ss = 0;
  for (int i = 0; i < n; i++) s += v[i];
  const double mean = s / n;
  for (int i = 0; i < n; i++) ss += (v[i] - mean) * (v[i] - mean);
  const double sd = sqrt(ss / n), rms = sqrt(mean * mean + sd * sd) + 1e-30;
  CHECK(o[GL_DIST_COUNT] == n, "layer %d q %d: count %g, reference %d", l, q, o[GL_DIST_COUNT], n);
  CHECK(fabs(o[GL_DIST_MEAN] - mean) <= 1e-5 * rms, "layer %d q %d: mean %.9g, reference %.9g", l, q, o[GL_DIST_MEAN], mean);
  CHECK(fabs(o[GL_DIST_STD] - sd) <= 1e-5 * rms, "layer %d q %d: std %.9g, reference %.9g", l, q, o[GL_DIST_STD], sd);
  /* histograms */
  const float *hist = o + GL_DIST_FIELDS + GL_DIST_PERCENTILES, *lh = hist + GL_DIST_BINS;
  double lin[GL_DIST_BINS] = {0}, lg[GL_DIST_LOG_BINS] = {0}, under = 0, over = 0, lz = 0, lo_ = 0;
  int near_lin = 0, near_log = 0;
  const double w = (HI[q] - LO[q]) / GL_DIST_BINS, step = (double)(GL_DIST_LOG_HI - GL_DIST_LOG_LO) / GL_DIST_LOG_BINS;
  for (int i = 0; i < n; i++) {
    const double t = (v[i] - LO[q]) / w;
    if (fabs(t - floor(t + 0.5)) < 1e-4) near_lin++;
    if (t < 0) under++;
    else if (t >= GL_DIST_BINS) over++;
    else lin[(int)t]++;
    const double a = fabs(v[i]);
    if (a > 0) {
      const double u = (log10(a) - GL_DIST_LOG_LO) / step;
      if (fabs(u - floor(u + 0.5)) * step < 1e-5) near_log++;
      if (u < 0) lz++;
      else if (u >= GL_DIST_LOG_BINS) lo_++;
      else lg[(int)u]++;
    } else lz++;
  }
  double dl = fabs(under - o[GL_DIST_UNDER]) + fabs(over - o[GL_DIST_OVER]), dg = fabs(lz - o[GL_DIST_LOG_ZERO]) + fabs(lo_ - o[GL_DIST_LOG_OVER]);
  for (int k = 0; k < GL_DIST_BINS; k++) dl += fabs(lin[k] - hist[k]);
  for (int k = 0; k < GL_DIST_LOG_BINS; k++) dg += fabs(lg[k] - lh[k]);
  CHECK(dl <= 2 * near_lin, "layer %d q %d: linear histogram off by %g counts (%d values near an edge)", l, q, dl, near_lin);
  CHECK(dg <= 2 * near_log, "layer %d q %d: log histogram off by %g counts (%d values near an edge)", l, q, dg, near_log);
  /* exact zeros: those of the reference, and values the library's float rounds to 0 where
   * double keeps a tiny one (a saturated tanh's f' = 1 - t^2 with t = 1.0f: double < 1.2e-7) */
  double amax = 0;
  int z0 = 0, z1 = 0;
  for (int i = 0; i < n; i++) amax = fmax(amax, fabs(v[i]));
  for (int i = 0; i < n; i++) { z0 += v[i] == 0; z1 += fabs(v[i]) <= 1e-6 * amax; }
  CHECK(o[GL_DIST_ZEROS] >= z0 && o[GL_DIST_ZEROS] <= z1 && o[GL_DIST_ZEROS] <= o[GL_DIST_LOG_ZERO],
        "layer %d q %d: zeros %g, reference %d exactly 0, %d within 1e-6 of the largest |x|, logZero %g", l, q, o[GL_DIST_ZEROS], z0, z1,
        o[GL_DIST_LOG_ZERO]);
  if (l == 1 && q == GL_DIST_DACT) CHECK(z0 > 0 && z0 < n, "the relu layer has f' = 0 on some pairs and not all: %d of %d", z0, n);
  /* min, max and the smallest non-zero |x| (absMin): the reference's within 1e-5 of the RMS (float
   * arithmetic); absMin over the values the library keeps non-zero (those it rounds to 0 are in
   * zeros); exactly 0, 1 and 1 for the relu layer's f' */
  {
    double rmin = INFINITY, rmax = -INFINITY, ramin = INFINITY;
    const double cut = o[GL_DIST_ZEROS] > z0 ? 1e-6 * amax : 0.0;
    for (int i = 0; i < n; i++) {
      rmin = fmin(rmin, v[i]);
      rmax = fmax(rmax, v[i]);
      if (fabs(v[i]) > cut) ramin = fmin(ramin, fabs(v[i]));
    }
    CHECK(fabs(o[GL_DIST_MIN] - rmin) <= 1e-5 * rms && fabs(o[GL_DIST_MAX] - rmax) <= 1e-5 * rms,
          "layer %d q %d: min %.9g max %.9g, reference %.9g %.9g", l, q, o[GL_DIST_MIN], o[GL_DIST_MAX], rmin, rmax);
    CHECK(o[GL_DIST_ZEROS] == n ? isnan(o[GL_DIST_ABS_MIN]) : fabs(o[GL_DIST_ABS_MIN] - ramin) <= 1e-5 * rms && o[GL_DIST_ABS_MIN] > 0,
          "layer %d q %d: absMin %.9g, reference %.9g", l, q, o[GL_DIST_ABS_MIN], ramin);
    CHECK(o[GL_DIST_ABS_MIN] <= fmax(fabs(o[GL_DIST_MIN]), fabs(o[GL_DIST_MAX])), "layer %d q %d: absMin within the range", l, q);
    if (l == 1 && q == GL_DIST_DACT)
      CHECK(o[GL_DIST_MIN] == 0.0f && o[GL_DIST_MAX] == 1.0f && o[GL_DIST_ABS_MIN] == 1.0f && rmax == 1.0 && ramin == 1.0,
            "relu f': min %g max %g absMin %g, exactly 0, 1, 1", o[GL_DIST_MIN], o[GL_DIST_MAX], o[GL_DIST_ABS_MIN]);
  }
  /* the percentiles of the non-zero |x| (absPercentiles(dist, { nonZero: true }) in JS) follow
   * from the log bins and zeros: rank r = max(1, ceil(p m / 100)) of the m = count - zeros
   * non-zero values, logZero - zeros of them below 10^LOG_LO (reported 0) */
  {
    double *av = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i++) av[i] = fabs(v[i]);
    qsort(av, (size_t)n, sizeof *av, cmp_d);
    const int zeros = (int)o[GL_DIST_ZEROS], m = n - zeros;
    for (int i = 0; i < GL_DIST_PERCENTILES && m > 0; i++) {
      int rank = (int)ceil(PCT[i] * m / 100.0 - 1e-9);
      if (rank < 1) rank = 1;
      double c = o[GL_DIST_LOG_ZERO] - zeros, p = 0;
      for (int k = 0; c < rank; k++) {
        if (k == GL_DIST_LOG_BINS) { p = pow(10, GL_DIST_LOG_HI); break; }
        c += lh[k];
        p = pow(10, GL_DIST_LOG_LO + (k + 0.5) * step);
      }
      const double r = av[zeros + rank - 1];
      const int ok = r < pow(10, GL_DIST_LOG_LO) ? p == 0 || fabs(log10(p) - GL_DIST_LOG_LO) <= 1.5 * step
                   : p == 0 ? fabs(log10(r) - GL_DIST_LOG_LO) <= step : fabs(log10(p) - log10(r)) <= 1.5 * step + 1e-9;
      CHECK(r > 0 && ok, "layer %d q %d: non-zero |x| p%g = %g, reference %g", l, q, PCT[i], p, r);
    }
    free(av);
  }
  /* percentiles */
  qsort(v, (size_t)n, sizeof *v, cmp_d);
  for (int i = 0; i < GL_DIST_PERCENTILES; i++) {
    int rank = (int)ceil(PCT[i] * n / 100.0 - 1e-9);
    if (rank < 1) rank = 1;
    const double r = v[rank - 1], p = o[GL_DIST_FIELDS + i];
    int ok;
    if (fabs(r) < pow(10, GL_DIST_LOG_LO)) ok = p == 0 || fabs(log10(fabs(p)) - GL_DIST_LOG_LO) <= 1.5 * step;
    else if (p == 0) ok = fabs(log10(fabs(r)) - GL_DIST_LOG_LO) <= step;
    else ok = (r > 0) == (p > 0) && fabs(log10(fabs(p)) - log10(fabs(r))) <= 1.5 * step + 1e-9;
    CHECK(ok, "layer %d q %d: p%g = %g, reference %g", l, q, PCT[i], p, r);
  }
}

static void test_against_reference(void) {
  ref_net r = {.inputs = IN, .nl = NL, .loss = GL_LOSS_BCE, .units = {6, 5, 1}};
  snprintf(r.act[0], 16, "tanh"); snprintf(r.act[1], 16, "relu"); snprintf(r.act[2], 16, "sigmoid");
  gl_net *net = NULL, *twin = NULL;
  CHECK(ref_create(&r, 11, &net) == GL_OK && ref_create(&r, 11, &twin) == GL_OK, "create");
  if (!net || !twin) return;
  float *p = gl_net_params(net);
  const int np = gl_net_param_count(net);
  const int k0 = gl_net_kernel_offset(net, 0), b1 = gl_net_bias_offset(net, 1);
  for (int i = 0; i < IN * 6; i++) p[k0 + i] *= 4.0f;             /* tanh: partly saturated */
  for (int i = 0; i < 5; i++) p[b1 + i] = (float)(i - 3) * 0.3f;  /* relu: partly dead */
  memcpy(gl_net_params(twin), p, sizeof(float) * (size_t)np);
  double *w = malloc(sizeof(double) * (size_t)np);
  for (int i = 0; i < np; i++) w[i] = p[i];
  float X[N * IN], Y[N], stats[GL_EPOCH_HEAD + NL * GL_LAYER_STATS], stats2[GL_EPOCH_HEAD + NL * GL_LAYER_STATS];
  for (int i = 0; i < N * IN; i++) X[i] = (float)ref_range(-1, 1);
  for (int s = 0; s < N; s++) Y[s] = (float)(ref_uniform() < 0.5);
  const int nd = gl_net_dist_floats(net);
  CHECK(nd == NL * (GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS) + GL_DIST_UNIT_STATS * 12, "dist floats %d", nd);
  float *dist = malloc(sizeof(float) * (size_t)nd);
  CHECK(gl_net_set_optimizer(net, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0) == GL_OK, "optimizer");
  CHECK(gl_net_set_optimizer(twin, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0) == GL_OK, "optimizer");
  CHECK(gl_net_train_epoch_full(net, X, Y, N, B, 0, stats, dist, 1) == GL_OK, "train full");
  CHECK(gl_net_train_epoch(twin, X, Y, N, B, 0, stats2) == GL_OK, "train basic");
  CHECK(!memcmp(stats, stats2, sizeof stats), "the basic statistics are the same with 'full'");
  CHECK(!memcmp(gl_net_params(net), gl_net_params(twin), sizeof(float) * (size_t)np), "training is bit-identical");
  CHECK(gl_net_train_epoch_full(net, X, Y, N, B, 0, stats, NULL, 1) == GL_ERR_NULL, "dist NULL");

  /* reference forward and backward of the probe: samples 0 .. B-1 (no shuffle) */
  double z[NL][8][B], a[NL][8][B], d[NL][8][B], dz[NL][8][B], g[NL][8 * 8];
  memset(g, 0, sizeof g);
  const double *q = w;
  const double *Wl[NL];
  int in = IN;
  for (int l = 0; l < NL; l++) {
    Wl[l] = q;
    for (int o = 0; o < U[l]; o++)
      for (int s = 0; s < B; s++) {
        double t = q[(size_t)in * U[l] + o];
        for (int i = 0; i < in; i++) t += (l ? a[l - 1][i][s] : X[s * IN + i]) * q[(size_t)i * U[l] + o];
        z[l][o][s] = t;
        a[l][o][s] = ref_act(r.act[l], t, 0);
        d[l][o][s] = l == 0 ? 1 - a[l][o][s] * a[l][o][s] : l == 1 ? (t > 0) : a[l][o][s] * (1 - a[l][o][s]);
      }
    q += (size_t)in * U[l] + U[l];
    in = U[l];
  }
  for (int s = 0; s < B; s++) dz[2][0][s] = (a[2][0][s] - Y[s]) / B;
  for (int l = NL - 1; l >= 0; l--) {
    const int fin = l ? U[l - 1] : IN;
    for (int i = 0; i < fin; i++)
      for (int o = 0; o < U[l]; o++)
        for (int s = 0; s < B; s++) g[l][i * U[l] + o] += (l ? a[l - 1][i][s] : X[s * IN + i]) * dz[l][o][s];
    if (l == 0) break;
    for (int i = 0; i < fin; i++)
      for (int s = 0; s < B; s++) {
        double t = 0;
        for (int o = 0; o < U[l]; o++) t += Wl[l][i * U[l] + o] * dz[l][o][s];
        dz[l - 1][i][s] = t * d[l - 1][i][s];
      }
  }
  const float *pw = gl_net_params(net);
  for (int l = 0; l < NL; l++) {
    const int fin = l ? U[l - 1] : IN, ko = gl_net_kernel_offset(net, l);
    int n = 0;
    for (int o = 0; o < U[l]; o++)
      for (int s = 0; s < B; s++, n++) {
        ref_vals[l][GL_DIST_Z][n] = z[l][o][s];
        ref_vals[l][GL_DIST_A][n] = a[l][o][s];
        ref_vals[l][GL_DIST_DACT][n] = d[l][o][s];
        ref_vals[l][GL_DIST_DZ][n] = dz[l][o][s];
      }
    for (int qq = GL_DIST_Z; qq <= GL_DIST_DZ; qq++) ref_n[l][qq] = n;
    double dd = 0, d0 = 0;
    for (int i = 0; i < fin * U[l]; i++) {
      ref_vals[l][GL_DIST_GRAD][i] = g[l][i];
      ref_vals[l][GL_DIST_WEIGHT][i] = pw[ko + i];
      dd += (pw[ko + i] - Wl[l][i]) * (pw[ko + i] - Wl[l][i]);
      d0 += Wl[l][i] * Wl[l][i];
    }
    ref_n[l][GL_DIST_GRAD] = ref_n[l][GL_DIST_WEIGHT] = fin * U[l];
    size_t off = 0;
    for (int j = 0; j < l; j++) off += GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS + GL_DIST_UNIT_STATS * U[j];
    const float *ld = dist + off;
    CHECK(fabs(ld[GL_DIST_UPDATE_RATIO] - sqrt(dd / d0)) <= 1e-5 * sqrt(dd / d0), "layer %d: updateRatio %g, reference %g",
          l, ld[GL_DIST_UPDATE_RATIO], sqrt(dd / d0));
    const float *units = ld + GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS;
    double dead = 0, sat = 0;
    for (int o = 0; o < U[l]; o++) {
      double ma = 0, ga = 0;
      for (int s = 0; s < B; s++) ma += a[l][o][s] / B;
      for (int i = 0; i < fin; i++) ga += fabs(g[l][i * U[l] + o]) / fin;
      CHECK(fabs(units[GL_DIST_UNIT_MEAN_ACT * U[l] + o] - ma) <= 1e-5 * (fabs(ma) + 1e-3), "layer %d unit %d: meanAct", l, o);
      CHECK(fabs(units[GL_DIST_UNIT_GRAD * U[l] + o] - ga) <= 1e-5 * ga + 1e-12, "layer %d unit %d: gradMeanAbs %g, ref %g", l, o,
            units[GL_DIST_UNIT_GRAD * U[l] + o], ga);
      dead += units[GL_DIST_UNIT_DEAD * U[l] + o] / U[l];
      sat += units[GL_DIST_UNIT_SAT * U[l] + o] / U[l];
    }
    const float *ls = stats + GL_EPOCH_HEAD + l * GL_LAYER_STATS;
    CHECK(fabs(dead - ls[GL_STAT_DEAD_SHARE]) <= 1e-6 && fabs(sat - ls[GL_STAT_SATURATED_SHARE]) <= 1e-6,
          "layer %d: the units' shares average to the layer's (%g %g vs %g %g)", l, dead, sat, ls[GL_STAT_DEAD_SHARE],
          ls[GL_STAT_SATURATED_SHARE]);
    for (int qq = 0; qq < GL_DIST_QUANTITIES; qq++)
      check_quantity(ld + GL_DIST_LAYER_HEAD + (size_t)qq * GL_DIST_QFLOATS, l, qq);
  }
  CHECK(dist[0 + GL_DIST_LAYER_HEAD + GL_DIST_DACT * GL_DIST_QFLOATS + GL_DIST_FIELDS] > 0, "tanh f' percentile positive");
  free(dist);
  free(w);
  gl_net_destroy(net);
  gl_net_destroy(twin);
}

/* Other losses, outputs, hidden activations (fused and not, softmax) and a
 * batch of two chunks: the same training as 'basic', every quantity counted
 * over units x probe samples (probe = min(batch, 256)) and its histograms
 * adding up, f' of a softmax output within [0, 1/4]. */
static void test_variants(void) {
  static const struct { const char *acts[3]; int units[3], loss, batch; } V[] = {
    {{"relu", "elu", "softmax"}, {7, 4, 3}, GL_LOSS_CCE, 24},
    {{"swish", "softmax", "linear"}, {5, 3, 2}, GL_LOSS_MSE, 300},
    {{"step", "leaky_relu", "softmax"}, {4, 6, 3}, GL_LOSS_MSE, 7},
    {{"gelu", "tanh", "sigmoid"}, {6, 6, 1}, GL_LOSS_BCE, 400},
  };
  enum { NS = 420, IN2 = 3 };
  static float X[NS * IN2], Y[NS * 3];
  for (size_t v = 0; v < sizeof V / sizeof V[0]; v++) {
    ref_net r = {.inputs = IN2, .nl = 3, .loss = V[v].loss};
    for (int l = 0; l < 3; l++) { r.units[l] = V[v].units[l]; snprintf(r.act[l], 16, "%s", V[v].acts[l]); r.alpha[l] = NAN; }
    const int K = r.units[2];
    for (int i = 0; i < NS * IN2; i++) X[i] = (float)ref_range(-2, 2);
    for (int s = 0; s < NS; s++)
      for (int k = 0; k < K; k++)
        Y[s * K + k] = r.loss == GL_LOSS_MSE ? (float)ref_range(-1, 1) : r.loss == GL_LOSS_CCE ? (float)(k == s % K) : (float)(ref_uniform() < 0.5);
    gl_net *a = NULL, *b = NULL;
    CHECK(ref_create(&r, 5, &a) == GL_OK && ref_create(&r, 5, &b) == GL_OK, "variant %zu: create", v);
    if (!a || !b) continue;
    float sa[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS], sb[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS];
    float *dist = malloc(sizeof(float) * (size_t)gl_net_dist_floats(a));
    for (int e = 0; e < 3; e++) {
      CHECK(gl_net_train_epoch_full(a, X, Y, NS, V[v].batch, 1, sa, dist, 1) == GL_OK, "variant %zu: full", v);
      CHECK(gl_net_train_epoch(b, X, Y, NS, V[v].batch, 1, sb) == GL_OK, "variant %zu: basic", v);
    }
    CHECK(!memcmp(sa, sb, sizeof sa) && !memcmp(gl_net_params(a), gl_net_params(b), sizeof(float) * (size_t)gl_net_param_count(a)),
          "variant %zu: 'full' trains as 'basic'", v);
    const int probe = V[v].batch < 256 ? V[v].batch : 256;
    const float *d = dist;
    for (int l = 0, in = IN2; l < 3; l++) {
      for (int q = 0; q < GL_DIST_QUANTITIES; q++) {
        const float *o = d + GL_DIST_LAYER_HEAD + q * GL_DIST_QFLOATS;
        const double want = q == GL_DIST_GRAD || q == GL_DIST_WEIGHT ? (double)in * r.units[l] : (double)r.units[l] * probe;
        double lin = o[GL_DIST_UNDER] + o[GL_DIST_OVER], lg = o[GL_DIST_LOG_ZERO] + o[GL_DIST_LOG_OVER];
        for (int k = 0; k < GL_DIST_BINS; k++) lin += o[GL_DIST_FIELDS + GL_DIST_PERCENTILES + k];
        for (int k = 0; k < GL_DIST_LOG_BINS; k++) lg += o[GL_DIST_FIELDS + GL_DIST_PERCENTILES + GL_DIST_BINS + k];
        CHECK(o[GL_DIST_COUNT] == want && lin == want && lg == want, "variant %zu layer %d q %d: count %g (histograms %g, %g), want %g",
              v, l, q, o[GL_DIST_COUNT], lin, lg, want);
        for (int i = 1; i < GL_DIST_PERCENTILES; i++)
          CHECK(o[GL_DIST_FIELDS + i] >= o[GL_DIST_FIELDS + i - 1], "variant %zu layer %d q %d: percentiles ascend", v, l, q);
        CHECK(isfinite(o[GL_DIST_MEAN]) && o[GL_DIST_STD] >= 0, "variant %zu layer %d q %d: mean %g std %g", v, l, q,
              o[GL_DIST_MEAN], o[GL_DIST_STD]);
      }
      if (!strcmp(r.act[l], "softmax")) {
        const float *o = d + GL_DIST_LAYER_HEAD + GL_DIST_DACT * GL_DIST_QFLOATS;
        CHECK(o[GL_DIST_FIELDS] >= 0 && o[GL_DIST_FIELDS + GL_DIST_PERCENTILES - 1] <= 0.25f * 1.13f,
              "variant %zu layer %d: softmax f' percentiles in [0, 1/4]: %g %g", v, l, o[GL_DIST_FIELDS],
              o[GL_DIST_FIELDS + GL_DIST_PERCENTILES - 1]);
      }
      d += GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS + GL_DIST_UNIT_STATS * r.units[l];
      in = r.units[l];
    }
    free(dist);
    gl_net_destroy(a);
    gl_net_destroy(b);
  }
}

/* probe = 0: the same training, the same updateRatio as with the probe,
 * nothing else of dist written. */
static void test_no_probe(void) {
  ref_net r = {.inputs = IN, .nl = NL, .loss = GL_LOSS_BCE, .units = {6, 5, 1}};
  snprintf(r.act[0], 16, "tanh"); snprintf(r.act[1], 16, "relu"); snprintf(r.act[2], 16, "sigmoid");
  gl_net *a = NULL, *b = NULL;
  CHECK(ref_create(&r, 3, &a) == GL_OK && ref_create(&r, 3, &b) == GL_OK, "no probe: create");
  if (!a || !b) return;
  float X[N * IN], Y[N], sa[GL_EPOCH_HEAD + NL * GL_LAYER_STATS], sb[GL_EPOCH_HEAD + NL * GL_LAYER_STATS];
  for (int i = 0; i < N * IN; i++) X[i] = (float)ref_range(-1, 1);
  for (int s = 0; s < N; s++) Y[s] = (float)(ref_uniform() < 0.5);
  const int nd = gl_net_dist_floats(a);
  float *da = malloc(sizeof(float) * (size_t)nd), *db = malloc(sizeof(float) * (size_t)nd);
  for (int i = 0; i < nd; i++) db[i] = -12345.0f;
  gl_net_set_optimizer(a, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0);
  gl_net_set_optimizer(b, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0);
  for (int e = 0; e < 3; e++) {
    CHECK(gl_net_train_epoch_full(a, X, Y, N, B, 1, sa, da, 1) == GL_OK, "no probe: full, epoch %d", e);
    CHECK(gl_net_train_epoch_full(b, X, Y, N, B, 1, sb, db, 0) == GL_OK, "no probe: ratio only, epoch %d", e);
    CHECK(!memcmp(sa, sb, sizeof sa), "no probe: the same statistics, epoch %d", e);
    for (int l = 0, o = 0; l < NL; l++) {
      const int end = o + GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS + GL_DIST_UNIT_STATS * U[l];
      for (int k = 0; k < GL_DIST_LAYER_HEAD; k++)
        CHECK(db[o + k] == da[o + k] && isfinite(db[o + k]), "no probe: epoch %d layer %d field %d: %g, want %g", e, l, k,
              db[o + k], da[o + k]);
      int untouched = 1;
      for (int i = o + GL_DIST_LAYER_HEAD; i < end; i++) untouched &= db[i] == -12345.0f;
      CHECK(untouched, "no probe: epoch %d layer %d: the distributions are not written", e, l);
      o = end;
    }
    CHECK(nd == NL * (GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS) + GL_DIST_UNIT_STATS * 12, "no probe: layout");
  }
  CHECK(!memcmp(gl_net_params(a), gl_net_params(b), sizeof(float) * (size_t)gl_net_param_count(a)), "no probe: the same training");
  free(da);
  free(db);
  gl_net_destroy(a);
  gl_net_destroy(b);
}

int main(void) {
  (void)unused_ref_grad;
  test_against_reference();
  test_variants();
  test_no_probe();
  printf("test_dist_stats: %ld checks, %ld failed\n", checks, failures);
  return failures ? 1 : 0;
}

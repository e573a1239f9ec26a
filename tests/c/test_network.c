/*
 * test_network.c — the trainer: optimiser steps and epoch statistics against
 * an independent double-precision reference (net_reference.h gradients, the
 * Keras update rules re-written here), initialisers, determinism, divergence,
 * predict/evaluate, dead/saturated units, and every bad-input status (after
 * which the network must behave exactly like an untouched twin).
 */
#include "net_reference.h"

/* ---------------------------------------------------------------------------
 * helpers */

static gl_net *make_net(const ref_net *r, uint32_t seed) {
  gl_net *net = NULL;
  int32_t st = ref_create(r, seed, &net);
  CHECK(st == GL_OK, "create -> %d", st);
  return net;
}

static void randomize(gl_net *net, double scale) {
  float *p = gl_net_params(net);
  for (int i = 0; i < gl_net_param_count(net); i++) p[i] = (float)ref_range(-scale, scale);
}

static ref_net small_net(int loss) {
  ref_net r;
  memset(&r, 0, sizeof r);
  r.inputs = 3;
  r.nl = 3;
  r.loss = loss;
  r.units[0] = 6; snprintf(r.act[0], 16, "tanh");
  r.units[1] = 5; snprintf(r.act[1], 16, "elu"); r.alpha[1] = 1.0;
  r.units[2] = loss == GL_LOSS_CCE ? 3 : 1;
  snprintf(r.act[2], 16, "%s", loss == GL_LOSS_BCE ? "sigmoid" : loss == GL_LOSS_CCE ? "softmax" : "linear");
  return r;
}

static void make_data(int n, int inputs, int K, int loss, float *X, float *Y) {
  for (int i = 0; i < n * inputs; i++) X[i] = (float)ref_range(-1, 1);
  for (int s = 0; s < n; s++) {
    for (int k = 0; k < K; k++) Y[s * K + k] = loss == GL_LOSS_MSE ? (float)ref_range(-1, 1) : 0.0f;
    if (loss == GL_LOSS_BCE) Y[s * K] = (float)(ref_uniform() < 0.5);
    if (loss == GL_LOSS_CCE) Y[s * K + s % K] = 1.0f;
  }
}

/* ---------------------------------------------------------------------------
 * optimiser trajectories vs the reference */

typedef struct opt_cfg {
  const char *name;
  int type, nesterov;
  float lr, momentum, beta1, beta2, eps, l1, l2;
} opt_cfg;

/* One Keras update of w (double) with gradient g. */
static void ref_update(const opt_cfg *o, double *w, double g, double *m, double *v, long t, int kernel) {
  if (kernel) g += o->l1 * ((*w > 0) - (*w < 0)) + 2.0 * o->l2 * *w;
  if (o->type == GL_OPT_SGD) {
    *m = o->momentum * *m - o->lr * g;
    *w += o->nesterov ? o->momentum * *m - o->lr * g : *m;
  } else if (o->type == GL_OPT_ADAM) {
    *m = o->beta1 * *m + (1 - o->beta1) * g;
    *v = o->beta2 * *v + (1 - o->beta2) * g * g;
    double mhat = *m / (1 - pow(o->beta1, (double)t)), vhat = *v / (1 - pow(o->beta2, (double)t));
    /* Keras folds the bias corrections into the step size, so eps is scaled
     * by sqrt(1 - beta2^t): w -= lr mhat / (sqrt(vhat) + eps / sqrt(1 - beta2^t)) */
    *w -= o->lr * mhat / (sqrt(vhat) + o->eps / sqrt(1 - pow(o->beta2, (double)t)));
  } else {
    *v = o->beta2 * *v + (1 - o->beta2) * g * g;
    double inc = o->lr * g / sqrt(*v + o->eps);
    if (o->momentum > 0) { *m = o->momentum * *m + inc; *w -= *m; }
    else *w -= inc;
  }
}

static int is_kernel(const ref_net *r, int i) {
  int in = r->inputs, off = 0;
  for (int l = 0; l < r->nl; l++) {
    int nk = in * r->units[l];
    if (i < off + nk) return 1;
    off += nk + r->units[l];
    if (i < off) return 0;
    in = r->units[l];
  }
  return 0;
}

/* Accuracy over n samples as gradlab.h defines it (sigmoid: > 0.5 vs label
 * > 0.5, per output; softmax: argmax; mse with one output: |a - y| < 0.5). */
static double ref_accuracy(const ref_net *r, const double *p, const float *X, const float *Y, int n) {
  int K = r->units[r->nl - 1];
  double out[GL_MAX_UNITS], correct = 0;
  for (int s = 0; s < n; s++) {
    ref_forward(r, p, X + (size_t)s * r->inputs, out);
    const float *y = Y + (size_t)s * K;
    if (r->loss == GL_LOSS_BCE) {
      for (int k = 0; k < K; k++) correct += ((out[k] > 0.5) == (y[k] > 0.5)) / (double)K;
    } else if (r->loss == GL_LOSS_CCE || K > 1) {
      int am = 0, ym = 0;
      for (int k = 1; k < K; k++) { if (out[k] > out[am]) am = k; if (y[k] > y[ym]) ym = k; }
      correct += am == ym;
    } else {
      correct += fabs(out[0] - y[0]) < 0.5;
    }
  }
  return correct / n;
}

/* n samples, batch size B, shuffle off, `epochs` epochs; compares weights and
 * the epoch statistics (loss, gradMeanAbs, gradNorm, biasGradMeanAbs,
 * weightMeanAbs) with the reference. */
static void check_trajectory(const opt_cfg *o, int loss, int n, int B, int epochs) {
  ref_net r = small_net(loss);
  gl_net *net = make_net(&r, 3);
  if (!net) return;
  randomize(net, 0.8);
  int P = gl_net_param_count(net), K = r.units[r.nl - 1];
  float *X = malloc(sizeof(float) * (size_t)n * r.inputs), *Y = malloc(sizeof(float) * (size_t)n * K);
  make_data(n, r.inputs, K, loss, X, Y);
  int32_t st = gl_net_set_optimizer(net, o->type, o->lr, o->momentum, o->nesterov, o->beta1, o->beta2, o->eps,
                                    o->l1, o->l2);
  CHECK(st == GL_OK, "%s: set_optimizer -> %d", o->name, st);
  double *w = malloc(sizeof(double) * P), *m = calloc(P, sizeof(double)), *v = calloc(P, sizeof(double));
  double *g = malloc(sizeof(double) * P);
  for (int i = 0; i < P; i++) w[i] = gl_net_params(net)[i];
  float stats[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS];
  long t = 0;
  double worst = 0;
  for (int e = 0; e < epochs; e++) {
    st = gl_net_train_epoch(net, X, Y, n, B, 0, stats);
    CHECK(st == GL_OK, "%s: epoch %d -> %d", o->name, e, st);
    /* reference epoch */
    double lsum = 0, asum = 0, gabs[3] = {0}, gnorm[3] = {0}, babs[3] = {0};
    int batches = 0;
    for (int s = 0; s < n; s += B, batches++) {
      int bs = n - s < B ? n - s : B;
      const float *Xb = X + (size_t)s * r.inputs, *Yb = Y + (size_t)s * K;
      lsum += ref_loss(&r, w, Xb, Yb, bs);
      asum += ref_accuracy(&r, w, Xb, Yb, bs);
      ref_grad(&r, w, Xb, Yb, bs, 1e-5, g);
      int in = r.inputs, off = 0;
      for (int l = 0; l < r.nl; l++) {
        int nk = in * r.units[l];
        double a = 0, q = 0, ba = 0;
        for (int i = 0; i < nk; i++) { a += fabs(g[off + i]); q += g[off + i] * g[off + i]; }
        for (int i = 0; i < r.units[l]; i++) ba += fabs(g[off + nk + i]);
        gabs[l] += a / nk; gnorm[l] += sqrt(q); babs[l] += ba / r.units[l];
        off += nk + r.units[l];
        in = r.units[l];
      }
      t++;
      for (int i = 0; i < P; i++) ref_update(o, &w[i], g[i], &m[i], &v[i], t, is_kernel(&r, i));
    }
    CHECK(stats[2] == batches, "%s: batches %g vs %d", o->name, stats[2], batches);
    double lref = lsum / batches;
    CHECK(fabs(stats[0] - lref) <= 1e-5 * fabs(lref) + 1e-6, "%s: epoch %d loss %.8g vs %.8g", o->name, e,
          stats[0], lref);
    CHECK(fabs(stats[1] - asum / batches) < 1e-6, "%s: epoch %d accuracy %.8g vs %.8g", o->name, e, stats[1],
          asum / batches);
    for (int l = 0; l < r.nl; l++) {
      const float *ls = stats + GL_EPOCH_HEAD + l * GL_LAYER_STATS;
      double ga = gabs[l] / batches, gn = gnorm[l] / batches, ba = babs[l] / batches;
      CHECK(fabs(ls[0] - ga) <= 1e-3 * ga + 1e-9, "%s: layer %d gradMeanAbs %.8g vs %.8g", o->name, l, ls[0], ga);
      CHECK(fabs(ls[1] - gn) <= 1e-3 * gn + 1e-9, "%s: layer %d gradNorm %.8g vs %.8g", o->name, l, ls[1], gn);
      CHECK(fabs(ls[4] - ba) <= 1e-3 * ba + 1e-9, "%s: layer %d biasGradMeanAbs %.8g vs %.8g", o->name, l, ls[4], ba);
    }
  }
  /* weights after the whole trajectory */
  const float *p = gl_net_params(net);
  double wscale = 0;
  for (int i = 0; i < P; i++) wscale = fmax(wscale, fabs(w[i]));
  for (int i = 0; i < P; i++) {
    double err = fabs(p[i] - w[i]);
    worst = fmax(worst, err);
    CHECK(err <= 2e-6 * wscale, "%s: param %d after %ld steps: %.9g vs reference %.9g", o->name, i, t, p[i], w[i]);
  }
  /* weightMeanAbs of the last layer at the end of the epoch */
  {
    int l = r.nl - 1, off = gl_net_kernel_offset(net, l), nk = r.units[l - 1] * r.units[l];
    double a = 0;
    for (int i = 0; i < nk; i++) a += fabs(w[off + i]);
    a /= nk;
    double got = stats[GL_EPOCH_HEAD + l * GL_LAYER_STATS + 5];
    CHECK(fabs(got - a) <= 1e-4 * a, "%s: weightMeanAbs %.8g vs %.8g", o->name, got, a);
  }
  printf("trajectory %-22s %2ld steps: max |w - w_ref| = %.2e (weights up to %.2f)\n", o->name, t, worst, wscale);
  free(w); free(m); free(v); free(g); free(X); free(Y);
  gl_net_destroy(net);
}

/* gl_net_set_optimizer resets the optimiser state: a net with momentum
 * history, re-set, steps exactly like a fresh net with the same weights. */
static void test_optimizer_reset(void) {
  ref_net r = small_net(GL_LOSS_BCE);
  gl_net *a = make_net(&r, 21), *b = make_net(&r, 22);
  if (!a || !b) return;
  int P = gl_net_param_count(a);
  float X[30 * 3], Y[30], stats[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS];
  make_data(30, 3, 1, GL_LOSS_BCE, X, Y);
  for (int t = 0; t < GL_OPT_COUNT; t++) {
    CHECK(gl_net_set_optimizer(a, t, 0.05f, 0.9f, 0, 0.9f, 0.999f, 1e-7f, 0, 0) == GL_OK, "opt");
    for (int e = 0; e < 3; e++) CHECK(gl_net_train_epoch(a, X, Y, 30, 7, 1, stats) == GL_OK, "train a");
    CHECK(gl_net_set_optimizer(a, t, 0.05f, 0.9f, 0, 0.9f, 0.999f, 1e-7f, 0, 0) == GL_OK, "opt again");
    memcpy(gl_net_params(b), gl_net_params(a), sizeof(float) * P);
    CHECK(gl_net_set_optimizer(b, t, 0.05f, 0.9f, 0, 0.9f, 0.999f, 1e-7f, 0, 0) == GL_OK, "opt b");
    CHECK(gl_net_train_epoch(a, X, Y, 30, 7, 0, stats) == GL_OK, "train a");
    CHECK(gl_net_train_epoch(b, X, Y, 30, 7, 0, stats) == GL_OK, "train b");
    CHECK(!memcmp(gl_net_params(a), gl_net_params(b), sizeof(float) * P), "optimiser %d: state not reset", t);
    /* and the state persists across epochs: two epochs != two fresh one-epoch runs */
    float *w0 = malloc(sizeof(float) * P);
    memcpy(w0, gl_net_params(a), sizeof(float) * P);
    CHECK(gl_net_train_epoch(a, X, Y, 30, 7, 0, stats) == GL_OK, "train a");
    memcpy(gl_net_params(b), w0, sizeof(float) * P);
    CHECK(gl_net_set_optimizer(b, t, 0.05f, 0.9f, 0, 0.9f, 0.999f, 1e-7f, 0, 0) == GL_OK, "opt b");
    CHECK(gl_net_train_epoch(b, X, Y, 30, 7, 0, stats) == GL_OK, "train b");
    CHECK(memcmp(gl_net_params(a), gl_net_params(b), sizeof(float) * P), "optimiser %d: state lost between epochs", t);
    free(w0);
  }
  gl_net_destroy(a);
  gl_net_destroy(b);
}

static void test_optimizers(void) {
  static const opt_cfg cfgs[] = {
    {"sgd", GL_OPT_SGD, 0, 0.1f, 0.0f, 0, 0, 0, 0, 0},
    {"sgd momentum 0.9", GL_OPT_SGD, 0, 0.05f, 0.9f, 0, 0, 0, 0, 0},
    {"sgd nesterov", GL_OPT_SGD, 1, 0.05f, 0.9f, 0, 0, 0, 0, 0},
    {"sgd l1 0.01 l2 0.02", GL_OPT_SGD, 0, 0.1f, 0.5f, 0, 0, 0, 0.01f, 0.02f},
    {"adam", GL_OPT_ADAM, 0, 0.01f, 0, 0.9f, 0.999f, 1e-7f, 0, 0},
    {"adam l2", GL_OPT_ADAM, 0, 0.01f, 0, 0.8f, 0.99f, 1e-3f, 0, 0.05f},
    {"rmsprop", GL_OPT_RMSPROP, 0, 0.01f, 0, 0, 0.9f, 1e-7f, 0, 0},
    {"rmsprop momentum", GL_OPT_RMSPROP, 0, 0.005f, 0.5f, 0, 0.8f, 1e-6f, 0, 0},
  };
  for (size_t c = 0; c < sizeof cfgs / sizeof cfgs[0]; c++)
    check_trajectory(&cfgs[c], c % 3 == 0 ? GL_LOSS_BCE : c % 3 == 1 ? GL_LOSS_MSE : GL_LOSS_CCE, 13, 5, 3);
  /* one SGD step over a batch larger than the trainer's chunk */
  static const opt_cfg big = {"sgd, batch of 300", GL_OPT_SGD, 0, 0.5f, 0.0f, 0, 0, 0, 0, 0};
  check_trajectory(&big, GL_LOSS_BCE, 300, 300, 1);
}

/* ---------------------------------------------------------------------------
 * initialisers */

static void test_initializers(void) {
  const int fi = 200, fo = 300;
  struct { int init; double lo, hi, sd; const char *name; } cases[] = {
    {GL_INIT_ZEROS, 0, 0, 0, "zeros"},
    {GL_INIT_RANDOM_UNIFORM, -0.3, 0.7, sqrt(1.0 / 12.0), "random_uniform(-0.3, 0.7)"},
    {GL_INIT_RANDOM_NORMAL, -INFINITY, INFINITY, 0.25, "random_normal(0.5, 0.25)"},
    {GL_INIT_GLOROT_UNIFORM, -sqrt(6.0 / (fi + fo)), sqrt(6.0 / (fi + fo)), sqrt(2.0 / (fi + fo)), "glorot_uniform"},
    {GL_INIT_HE_UNIFORM, -sqrt(6.0 / fi), sqrt(6.0 / fi), sqrt(2.0 / fi), "he_uniform"},
    {GL_INIT_LECUN_UNIFORM, -sqrt(3.0 / fi), sqrt(3.0 / fi), sqrt(1.0 / fi), "lecun_uniform"},
    /* truncated normals: |w| <= 2 stddev/0.8796..., sample std = sqrt(scale/fan) */
    {GL_INIT_GLOROT_NORMAL, 0, 0, sqrt(2.0 / (fi + fo)), "glorot_normal"},
    {GL_INIT_HE_NORMAL, 0, 0, sqrt(2.0 / fi), "he_normal"},
    {GL_INIT_LECUN_NORMAL, 0, 0, sqrt(1.0 / fi), "lecun_normal"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    int32_t units[1] = {fo}, acts[1] = {gl_activation_lookup("linear")}, inits[1] = {cases[c].init};
    float ia[1] = {cases[c].init == GL_INIT_RANDOM_NORMAL ? 0.5f : -0.3f};
    float ib[1] = {cases[c].init == GL_INIT_RANDOM_NORMAL ? 0.25f : 0.7f}, bias[1] = {0.125f};
    gl_net *net = NULL;
    int32_t st = gl_net_create(&net, fi, 1, units, acts, NULL, inits, ia, ib, bias, GL_LOSS_MSE, 11);
    CHECK(st == GL_OK, "%s: create -> %d", cases[c].name, st);
    if (st) continue;
    const float *p = gl_net_params(net);
    int nk = fi * fo;
    double s = 0, s2 = 0, lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < nk; i++) { s += p[i]; s2 += (double)p[i] * p[i]; lo = fmin(lo, p[i]); hi = fmax(hi, p[i]); }
    double mean = s / nk, sd = sqrt(s2 / nk - mean * mean);
    for (int i = 0; i < fo; i++) CHECK(p[nk + i] == 0.125f, "%s: bias %d = %g", cases[c].name, i, p[nk + i]);
    int init = cases[c].init;
    if (init == GL_INIT_ZEROS) {
      CHECK(lo == 0 && hi == 0, "zeros: range [%g, %g]", lo, hi);
    } else if (init == GL_INIT_GLOROT_NORMAL || init == GL_INIT_HE_NORMAL || init == GL_INIT_LECUN_NORMAL) {
      double lim = 2 * cases[c].sd / 0.87962566103423978;
      CHECK(lo >= -lim && hi <= lim, "%s: range [%g, %g] beyond +-%g", cases[c].name, lo, hi, lim);
      CHECK(hi > 0.97 * lim && lo < -0.97 * lim, "%s: not truncated at 2 sigma: [%g, %g] vs %g", cases[c].name, lo, hi, lim);
      CHECK(fabs(sd / cases[c].sd - 1) < 0.02, "%s: std %g, expected %g", cases[c].name, sd, cases[c].sd);
      CHECK(fabs(mean) < 0.02 * cases[c].sd, "%s: mean %g", cases[c].name, mean);
    } else if (init == GL_INIT_RANDOM_NORMAL) {
      CHECK(fabs(sd / 0.25 - 1) < 0.02 && fabs(mean - 0.5) < 0.005, "%s: mean %g std %g", cases[c].name, mean, sd);
    } else {
      double width = cases[c].hi - cases[c].lo;
      CHECK(lo >= cases[c].lo && hi <= cases[c].hi, "%s: range [%g, %g] beyond [%g, %g]", cases[c].name, lo, hi,
            cases[c].lo, cases[c].hi);
      CHECK(lo < cases[c].lo + 1e-3 * width && hi > cases[c].hi - 1e-3 * width, "%s: range [%g, %g] too narrow",
            cases[c].name, lo, hi);
      double sd_expected = width / sqrt(12.0);
      CHECK(fabs(sd / sd_expected - 1) < 0.02, "%s: std %g, expected %g", cases[c].name, sd, sd_expected);
    }
    gl_net_destroy(net);
  }
  /* default initialiser (inits == NULL) is glorot_uniform, default bias 0 */
  int32_t units[2] = {50, 1}, acts[2] = {gl_activation_lookup("relu"), gl_activation_lookup("linear")};
  gl_net *net = NULL;
  CHECK(gl_net_create(&net, 30, 2, units, acts, NULL, NULL, NULL, NULL, NULL, GL_LOSS_MSE, 5) == GL_OK, "default create");
  if (net) {
    const float *p = gl_net_params(net);
    double lim = sqrt(6.0 / 80), hi = 0;
    for (int i = 0; i < 1500; i++) hi = fmax(hi, fabs(p[i]));
    CHECK(hi <= lim && hi > 0.9 * lim, "default init: max |w| %g vs limit %g", hi, lim);
    for (int i = 0; i < 50; i++) CHECK(p[1500 + i] == 0.0f, "default bias %g", p[1500 + i]);
    gl_net_destroy(net);
  }
}

/* ---------------------------------------------------------------------------
 * determinism */

static void test_determinism(void) {
  static float X[400], Y[200];
  CHECK(gl_dataset(GL_DATA_CIRCLES, 200, 0.1f, 0.8f, 0, 3, 1, X, Y) == GL_OK, "dataset");
  ref_net r;
  memset(&r, 0, sizeof r);
  r.inputs = 2; r.nl = 4; r.loss = GL_LOSS_BCE;
  r.units[0] = 8; r.units[1] = 7; r.units[2] = 5; r.units[3] = 1;
  snprintf(r.act[0], 16, "relu"); snprintf(r.act[1], 16, "tanh"); snprintf(r.act[2], 16, "gelu");
  snprintf(r.act[3], 16, "sigmoid");
  gl_net *a = make_net(&r, 42), *b = make_net(&r, 42), *c = make_net(&r, 43), *d = make_net(&r, 42);
  if (!a || !b || !c || !d) return;
  int P = gl_net_param_count(a);
  CHECK(!memcmp(gl_net_params(a), gl_net_params(b), sizeof(float) * P), "same seed, different initial weights");
  CHECK(memcmp(gl_net_params(a), gl_net_params(c), sizeof(float) * P), "different seeds, same initial weights");
  memcpy(gl_net_params(c), gl_net_params(a), sizeof(float) * P); /* same start, other shuffle stream */
  float sa[GL_EPOCH_HEAD + 4 * GL_LAYER_STATS], sb[GL_EPOCH_HEAD + 4 * GL_LAYER_STATS];
  float sc[GL_EPOCH_HEAD + 4 * GL_LAYER_STATS], sd[GL_EPOCH_HEAD + 4 * GL_LAYER_STATS];
  gl_net *nets[4] = {a, b, c, d};
  for (int k = 0; k < 4; k++)
    CHECK(gl_net_set_optimizer(nets[k], GL_OPT_ADAM, 0.01f, 0, 0, 0.9f, 0.999f, 1e-7f, 0, 1e-4f) == GL_OK, "opt");
  for (int e = 0; e < 15; e++) {
    CHECK(gl_net_train_epoch(a, X, Y, 200, 16, 1, sa) == GL_OK, "train a");
    CHECK(gl_net_train_epoch(b, X, Y, 200, 16, 1, sb) == GL_OK, "train b");
    CHECK(gl_net_train_epoch(c, X, Y, 200, 16, 1, sc) == GL_OK, "train c");
    CHECK(gl_net_train_epoch(d, X, Y, 200, 16, 0, sd) == GL_OK, "train d");
  }
  CHECK(!memcmp(gl_net_params(a), gl_net_params(b), sizeof(float) * P), "same seed: weights not bit-identical");
  CHECK(!memcmp(sa, sb, sizeof sa), "same seed: epoch statistics not bit-identical");
  CHECK(memcmp(gl_net_params(a), gl_net_params(c), sizeof(float) * P), "other seed: identical shuffles");
  CHECK(memcmp(gl_net_params(a), gl_net_params(d), sizeof(float) * P), "shuffle off: same weights as shuffled");
  CHECK(sa[0] < 0.6f && sa[1] > 0.6f, "training did not progress: loss %g acc %g", sa[0], sa[1]);
  for (int k = 0; k < 4; k++) gl_net_destroy(nets[k]);
}

/* ---------------------------------------------------------------------------
 * divergence */

static void test_divergence(void) {
  ref_net r = small_net(GL_LOSS_MSE);
  gl_net *net = make_net(&r, 9);
  if (!net) return;
  int P = gl_net_param_count(net);
  float X[40 * 3], Y[40], *before0 = malloc(sizeof(float) * P);
  make_data(40, 3, 1, GL_LOSS_MSE, X, Y);
  for (int i = 0; i < 40; i++) Y[i] *= 1e3f;
  CHECK(gl_net_set_optimizer(net, GL_OPT_SGD, 1e6f, 0.9f, 0, 0, 0, 0, 0, 0) == GL_OK, "opt");
  float stats[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS];
  int32_t st = GL_OK;
  int e = 0;
  for (; e < 50 && st == GL_OK; e++) st = gl_net_train_epoch(net, X, Y, 40, 8, 1, stats);
  CHECK(st == GL_ERR_DIVERGED, "huge learning rate: status %d after %d epochs", st, e);
  const float *p = gl_net_params(net);
  int finite = 1;
  for (int i = 0; i < P; i++) finite &= isfinite(p[i]) != 0;
  CHECK(finite, "weights not finite after divergence");
  CHECK(stats[2] >= 0 && stats[2] < 5, "batches before divergence %g", stats[2]);
  printf("divergence: detected in epoch %d after %g batches of it\n", e, stats[2]);
  /* usable afterwards: new weights (as setWeights does), a sane optimiser */
  randomize(net, 0.5);
  CHECK(gl_net_set_optimizer(net, GL_OPT_SGD, 1e-3f, 0, 0, 0, 0, 0, 0, 0) == GL_OK, "opt");
  st = gl_net_train_epoch(net, X, Y, 40, 8, 1, stats);
  CHECK(st == GL_OK && isfinite(stats[0]), "after divergence: status %d loss %g", st, stats[0]);

  /* a loss beyond the float range (targets 1e30): diverged, not OK with inf */
  {
    float Yh[40];
    for (int i = 0; i < 40; i++) Yh[i] = 1e30f;
    randomize(net, 0.5);
    memcpy(before0, gl_net_params(net), sizeof(float) * P);
    st = gl_net_train_epoch(net, X, Yh, 40, 8, 0, stats);
    CHECK(st == GL_ERR_DIVERGED, "targets 1e30: status %d, loss %g", st, stats[0]);
    CHECK(!memcmp(before0, gl_net_params(net), sizeof(float) * P), "weights changed by an overflowing batch");
  }
  /* a non-finite loss: the weights are not touched at all */
  float *w = gl_net_params(net);
  w[0] = 3e38f; w[1] = 3e38f; w[2] = 3e38f;
  float *before = malloc(sizeof(float) * P);
  memcpy(before, w, sizeof(float) * P);
  CHECK(gl_net_set_optimizer(net, GL_OPT_SGD, 0.01f, 0, 0, 0, 0, 0, 0, 0) == GL_OK, "opt");
  /* make the first layer overflow: tanh saturates, so push it through linear MSE output weights */
  int ko = gl_net_kernel_offset(net, 2);
  for (int i = 0; i < 5; i++) w[ko + i] = 3e38f;
  memcpy(before, w, sizeof(float) * P);
  st = gl_net_train_epoch(net, X, Y, 40, 8, 0, stats);
  CHECK(st == GL_ERR_DIVERGED, "overflowing loss: status %d", st);
  CHECK(!memcmp(before, gl_net_params(net), sizeof(float) * P), "weights changed by a diverged batch");
  CHECK(stats[2] == 0, "batches %g", stats[2]);
  free(before);
  free(before0);
  gl_net_destroy(net);
}

/* ---------------------------------------------------------------------------
 * predict / evaluate / unit statistics */

static void test_predict_evaluate(void) {
  for (int loss = 0; loss < GL_LOSS_COUNT; loss++) {
    ref_net r = small_net(loss);
    gl_net *net = make_net(&r, 4);
    if (!net) continue;
    randomize(net, 1.0);
    int P = gl_net_param_count(net), K = r.units[r.nl - 1], n = 301;
    float *X = malloc(sizeof(float) * n * 3), *Y = malloc(sizeof(float) * n * K), *out = malloc(sizeof(float) * n * K);
    make_data(n, 3, K, loss, X, Y);
    double *p = malloc(sizeof(double) * P);
    for (int i = 0; i < P; i++) p[i] = gl_net_params(net)[i];
    CHECK(gl_net_predict(net, X, n, out) == GL_OK, "predict");
    double worst = 0, omax = 0, correct = 0;
    for (int s = 0; s < n; s++) {
      double o[GL_MAX_UNITS];
      ref_forward(&r, p, X + s * 3, o);
      for (int k = 0; k < K; k++) { worst = fmax(worst, fabs(o[k] - out[s * K + k])); omax = fmax(omax, fabs(o[k])); }
      if (loss == GL_LOSS_BCE) correct += (o[0] > 0.5) == (Y[s] > 0.5);
      else if (loss == GL_LOSS_CCE) {
        int am = 0, ym = 0;
        for (int k = 1; k < K; k++) { if (o[k] > o[am]) am = k; if (Y[s * K + k] > Y[s * K + ym]) ym = k; }
        correct += am == ym;
      } else correct += fabs(o[0] - Y[s]) < 0.5;
    }
    CHECK(worst < 2e-6 * omax, "loss %d: predict vs reference, worst error %g (outputs up to %g)", loss, worst, omax);
    float l, acc;
    CHECK(gl_net_evaluate(net, X, Y, n, &l, &acc) == GL_OK, "evaluate");
    double lref = ref_loss(&r, p, X, Y, n);
    CHECK(fabs(l - lref) <= 1e-5 * fabs(lref), "loss %d: evaluate loss %.8g vs %.8g", loss, l, lref);
    CHECK(fabs(acc - correct / n) < 1e-6, "loss %d: accuracy %g vs %g", loss, acc, correct / n);
    free(X); free(Y); free(out); free(p);
    gl_net_destroy(net);
  }
}

/* Hidden relu layers in inference take dense.c's matrix epilogue (relu
 * applied before the store, no relu pass): check predict against the
 * double reference over fan-ins K <= 8 (the unrolled cases) and above, unit
 * counts with every R % 4, and n with a partial last vector. */
static void test_predict_relu(void) {
  const int shapes[][3] = {{2, 5, 5}, {3, 4, 7}, {9, 6, 1}, {12, 13, 3}, {1, 2, 11}};
  for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++) {
    ref_net r;
    memset(&r, 0, sizeof r);
    r.inputs = shapes[t][0];
    r.nl = 4;
    r.loss = GL_LOSS_MSE;
    for (int l = 0; l < 3; l++) { r.units[l] = shapes[t][l < 2 ? l + 1 : 1]; snprintf(r.act[l], 16, "relu"); }
    r.units[3] = 1; snprintf(r.act[3], 16, "linear");
    gl_net *net = make_net(&r, 7);
    if (!net) continue;
    randomize(net, 1.0);
    const int n = 263, I = r.inputs, P = gl_net_param_count(net);
    float *X = malloc(sizeof(float) * n * I), *out = malloc(sizeof(float) * n);
    double *p = malloc(sizeof(double) * P);
    for (int i = 0; i < n * I; i++) X[i] = (float)ref_range(-1, 1);
    for (int i = 0; i < P; i++) p[i] = gl_net_params(net)[i];
    CHECK(gl_net_predict(net, X, n, out) == GL_OK, "predict");
    double worst = 0, omax = 0;
    for (int s = 0; s < n; s++) {
      double o[GL_MAX_UNITS];
      ref_forward(&r, p, X + s * I, o);
      worst = fmax(worst, fabs(o[0] - out[s]));
      omax = fmax(omax, fabs(o[0]));
    }
    CHECK(omax > 0 && worst < 2e-6 * omax, "relu net %d-%d-%d: predict vs reference, worst error %g (outputs up to %g)",
          shapes[t][0], shapes[t][1], shapes[t][2], worst, omax);
    free(X); free(out); free(p);
    gl_net_destroy(net);
  }
}

static void test_unit_stats(void) {
  /* layer 0: relu with bias -100 -> all dead; layer 1: tanh with huge weights ->
   * saturated; layer 2: linear -> neither; output sigmoid */
  int32_t units[4] = {6, 5, 4, 1};
  int32_t acts[4] = {gl_activation_lookup("relu"), gl_activation_lookup("tanh"), gl_activation_lookup("linear"),
                     gl_activation_lookup("sigmoid")};
  float bias[4] = {-100.0f, 0.0f, 0.0f, 0.0f};
  gl_net *net = NULL;
  CHECK(gl_net_create(&net, 2, 4, units, acts, NULL, NULL, NULL, NULL, bias, GL_LOSS_BCE, 1) == GL_OK, "create");
  if (!net) return;
  float *p = gl_net_params(net);
  int k1 = gl_net_kernel_offset(net, 1), b1 = gl_net_bias_offset(net, 1);
  for (int i = 0; i < 6 * 5; i++) p[k1 + i] = 0.0f;
  for (int i = 0; i < 5; i++) p[b1 + i] = i % 2 ? 50.0f : -50.0f; /* tanh(+-50): f' = 0 in float */
  float X[64], Y[32], stats[GL_EPOCH_HEAD + 4 * GL_LAYER_STATS];
  make_data(32, 2, 1, GL_LOSS_BCE, X, Y);
  CHECK(gl_net_train_epoch(net, X, Y, 32, 8, 1, stats) == GL_OK, "train");
  const float *L0 = stats + GL_EPOCH_HEAD, *L1 = L0 + GL_LAYER_STATS, *L2 = L1 + GL_LAYER_STATS;
  CHECK(L0[2] == 1.0f, "relu layer with bias -100: deadFraction %g", L0[2]);
  CHECK(L0[0] == 0.0f && L0[1] == 0.0f && L0[4] == 0.0f, "dead layer has gradient %g", L0[0]);
  CHECK(L1[3] == 1.0f, "tanh at +-50: saturatedFraction %g", L1[3]);
  CHECK(L2[2] == 0.0f && L2[3] == 0.0f, "linear layer: dead %g saturated %g", L2[2], L2[3]);
  CHECK(L2[5] > 0.0f, "weightMeanAbs %g", L2[5]);
  /* now unsaturate layer 1: its units come alive */
  for (int i = 0; i < 5; i++) p[b1 + i] = 0.0f;
  for (int i = 0; i < 6; i++) p[gl_net_bias_offset(net, 0) + i] = 0.5f;
  CHECK(gl_net_train_epoch(net, X, Y, 32, 8, 1, stats) == GL_OK, "train");
  CHECK(L0[2] == 0.0f && L1[3] == 0.0f, "after reset: dead %g saturated %g", L0[2], L1[3]);
  gl_net_destroy(net);
}

/* deadShare / saturatedShare: the fractions of (sample, unit) pairs with
 * f' = 0 and |f'| < 1% of its maximum, against a double-precision count from
 * the weights the epoch started with (one batch = the whole epoch). Pairs
 * within 1e-4 (relative) of the threshold may fall either way in float. */
static void test_unit_shares(void) {
  enum { N = 40, IN = 3 };
  ref_net r = {.inputs = IN, .nl = 3, .loss = GL_LOSS_BCE, .units = {6, 5, 1}};
  snprintf(r.act[0], 16, "tanh"); snprintf(r.act[1], 16, "relu"); snprintf(r.act[2], 16, "sigmoid");
  gl_net *net = NULL;
  CHECK(ref_create(&r, 7, &net) == GL_OK, "create");
  if (!net) return;
  float *p = gl_net_params(net);
  const int np = gl_net_param_count(net);
  int k0 = gl_net_kernel_offset(net, 0), b1 = gl_net_bias_offset(net, 1);
  for (int i = 0; i < IN * 6; i++) p[k0 + i] *= 4.0f;             /* tanh: partly saturated */
  for (int i = 0; i < 5; i++) p[b1 + i] = (float)(i - 3) * 0.3f;  /* relu: partly dead */
  double *w = malloc(sizeof(double) * (size_t)np);
  for (int i = 0; i < np; i++) w[i] = p[i];
  float X[N * IN], Y[N], stats[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS];
  make_data(N, IN, 1, GL_LOSS_BCE, X, Y);
  CHECK(gl_net_train_epoch(net, X, Y, N, N, 0, stats) == GL_OK, "train");
  const double dmax[3] = {1.0, 1.0, 0.25};
  double zero[3] = {0}, sat[3] = {0}, amb[3] = {0};
  int unit_dead[3][6] = {{0}}, unit_sat[3][6] = {{0}};
  for (int s = 0; s < N; s++) {
    double cur[8], nxt[8];
    for (int i = 0; i < IN; i++) cur[i] = X[s * IN + i];
    const double *q = w;
    int in = IN;
    for (int l = 0; l < 3; l++) {
      const int U = r.units[l];
      for (int o = 0; o < U; o++) {
        double z = q[(size_t)in * U + o];
        for (int i = 0; i < in; i++) z += cur[i] * q[(size_t)i * U + o];
        double d, a;
        if (l == 0) { a = tanh(z); d = 1.0 - a * a; }
        else if (l == 1) { a = z > 0 ? z : 0.0; d = z > 0 ? 1.0 : 0.0; }
        else { a = 1.0 / (1.0 + exp(-z)); d = a * (1.0 - a); }
        nxt[o] = a;
        const double thr = 0.01 * dmax[l];
        zero[l] += d == 0.0;
        sat[l] += d < thr;
        amb[l] += fabs(d - thr) <= 1e-4 * thr;
        unit_dead[l][o] += d == 0.0;
        unit_sat[l][o] += d < thr;
      }
      q += (size_t)in * U + U;
      in = U;
      memcpy(cur, nxt, sizeof(double) * (size_t)U);
    }
  }
  for (int l = 0; l < 3; l++) {
    const float *ls = stats + GL_EPOCH_HEAD + l * GL_LAYER_STATS;
    const double pairs = (double)N * r.units[l];
    CHECK(fabs(ls[GL_STAT_DEAD_SHARE] * pairs - zero[l]) <= 1e-3,
          "layer %d: deadShare %g, reference %g of %g pairs", l, ls[GL_STAT_DEAD_SHARE], zero[l], pairs);
    CHECK(fabs(ls[GL_STAT_SATURATED_SHARE] * pairs - sat[l]) <= amb[l] + 1e-3,
          "layer %d: saturatedShare %g, reference %g of %g pairs (%g near the threshold)", l,
          ls[GL_STAT_SATURATED_SHARE], sat[l], pairs, amb[l]);
    int dead = 0, satu = 0;
    for (int o = 0; o < r.units[l]; o++) { dead += unit_dead[l][o] == N; satu += unit_sat[l][o] == N; }
    CHECK(ls[GL_STAT_DEAD_FRACTION] * r.units[l] == dead, "layer %d: deadFraction %g, reference %d units", l,
          ls[GL_STAT_DEAD_FRACTION], dead);
    if (amb[l] == 0)
      CHECK(ls[GL_STAT_SATURATED_FRACTION] * r.units[l] == satu, "layer %d: saturatedFraction %g, reference %d units",
            l, ls[GL_STAT_SATURATED_FRACTION], satu);
  }
  /* the set-up really has some of each, so the comparison says something */
  CHECK(sat[0] > 0 && sat[0] < N * 6, "tanh layer: %g of %d pairs saturated", sat[0], N * 6);
  CHECK(zero[1] > 0 && zero[1] < N * 5, "relu layer: %g of %d pairs dead", zero[1], N * 5);
  free(w);
  gl_net_destroy(net);
}

/* ---------------------------------------------------------------------------
 * bad input */

static void test_bad_create(void) {
  int32_t relu = gl_activation_lookup("relu"), sig = gl_activation_lookup("sigmoid");
  int32_t smax = gl_activation_lookup("softmax"), lin = gl_activation_lookup("linear");
  int32_t lrelu = gl_activation_lookup("leaky_relu");
  int32_t units[3] = {4, 3, 1}, acts[3] = {relu, relu, sig}, inits[3] = {1, 5, 3};
  float a[3] = {0, 0, 0}, b[3] = {1, 1, 1}, al[3] = {NAN, NAN, NAN}, bias[3] = {0, 0, 0};
  gl_net *net = (gl_net *)&units; /* must be reset to NULL on failure */
#define EXPECT(expr, code)                                                                     \
  do {                                                                                         \
    net = (gl_net *)&units;                                                                    \
    int32_t s_ = (expr);                                                                       \
    CHECK(s_ == (code), "%s -> %d, expected %d (%s)", #expr, s_, code, gl_status_message(code)); \
    CHECK(net == NULL, "%s: out not NULL on failure", #expr);                                  \
  } while (0)
  EXPECT(gl_net_create(&net, 2, 3, NULL, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_NULL);
  EXPECT(gl_net_create(&net, 2, 3, units, NULL, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_NULL);
  CHECK(gl_net_create(NULL, 2, 3, units, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1) == GL_ERR_NULL, "NULL out");
  EXPECT(gl_net_create(&net, 0, 3, units, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
  EXPECT(gl_net_create(&net, -2, 3, units, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
  EXPECT(gl_net_create(&net, GL_MAX_UNITS + 1, 3, units, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
  EXPECT(gl_net_create(&net, 2, 0, units, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
  EXPECT(gl_net_create(&net, 2, GL_MAX_LAYERS + 1, units, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
  EXPECT(gl_net_create(&net, 2, 3, units, acts, al, inits, a, b, bias, 7, 1), GL_ERR_LOSS);
  EXPECT(gl_net_create(&net, 2, 3, units, acts, al, inits, a, b, bias, -1, 1), GL_ERR_LOSS);
  {
    int32_t u[3] = {4, 0, 1};
    EXPECT(gl_net_create(&net, 2, 3, u, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
    int32_t u2[3] = {4, -3, 1};
    EXPECT(gl_net_create(&net, 2, 3, u2, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
    int32_t u3[3] = {4, GL_MAX_UNITS + 1, 1};
    EXPECT(gl_net_create(&net, 2, 3, u3, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
    int32_t u4[3] = {4096, 4096, 1}; /* 16.8M parameters > GL_MAX_PARAMS */
    EXPECT(gl_net_create(&net, 2, 3, u4, acts, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_SIZE);
  }
  {
    int32_t ac[3] = {relu, GL_ACT_COUNT, sig};
    EXPECT(gl_net_create(&net, 2, 3, units, ac, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_ACTIVATION);
    int32_t ac2[3] = {-1, relu, sig};
    EXPECT(gl_net_create(&net, 2, 3, units, ac2, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_ACTIVATION);
    int32_t ac3[3] = {lrelu, relu, sig};
    float al2[3] = {INFINITY, NAN, NAN};
    EXPECT(gl_net_create(&net, 2, 3, units, ac3, al2, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_PARAM);
    float al3[3] = {-0.5f, NAN, NAN};
    EXPECT(gl_net_create(&net, 2, 3, units, ac3, al3, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_PARAM);
  }
  {
    int32_t in2[3] = {1, GL_INIT_COUNT, 3};
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, in2, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_INIT);
    int32_t in3[3] = {-1, 1, 3};
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, in3, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_INIT);
    float a2[3] = {NAN, 0, 0};
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, inits, a2, b, bias, GL_LOSS_BCE, 1), GL_ERR_PARAM);
    float a3[3] = {2, 0, 0}; /* min > max */
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, inits, a3, b, bias, GL_LOSS_BCE, 1), GL_ERR_PARAM);
    int32_t in4[3] = {2, 1, 3};
    float b4[3] = {-1, 1, 1}; /* negative stddev */
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, in4, a, b4, bias, GL_LOSS_BCE, 1), GL_ERR_PARAM);
    float b5[3] = {1e38f, 1, 1}; /* random_normal std 1e38: weights could overflow */
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, in4, a, b5, bias, GL_LOSS_BCE, 1), GL_ERR_PARAM);
    float bi[3] = {0, INFINITY, 0};
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, inits, a, b, bi, GL_LOSS_BCE, 1), GL_ERR_PARAM);
  }
  {
    int32_t ac[3] = {relu, relu, lin};
    EXPECT(gl_net_create(&net, 2, 3, units, ac, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_OUTPUT);
    EXPECT(gl_net_create(&net, 2, 3, units, acts, al, inits, a, b, bias, GL_LOSS_CCE, 1), GL_ERR_OUTPUT);
    int32_t ac2[3] = {relu, relu, smax};
    EXPECT(gl_net_create(&net, 2, 3, units, ac2, al, inits, a, b, bias, GL_LOSS_BCE, 1), GL_ERR_OUTPUT);
    /* losses.def: categorical cross-entropy needs >= 2 softmax outputs */
    int32_t u1[3] = {4, 6, 1};
    EXPECT(gl_net_create(&net, 2, 3, u1, ac2, al, inits, a, b, bias, GL_LOSS_CCE, 1), GL_ERR_OUTPUT);
  }
#undef EXPECT
  /* deep and wide limits that must work: 33 hidden layers, 512 units */
  {
    int32_t u[34], ac[34];
    for (int l = 0; l < 34; l++) { u[l] = l == 33 ? 1 : (l == 5 ? 512 : 8); ac[l] = l == 33 ? sig : relu; }
    gl_net *deep = NULL;
    CHECK(gl_net_create(&deep, 2, 34, u, ac, NULL, NULL, NULL, NULL, NULL, GL_LOSS_BCE, 1) == GL_OK, "33 hidden");
    if (deep) {
      float X[20], Y[10], stats[GL_EPOCH_HEAD + 34 * GL_LAYER_STATS];
      make_data(10, 2, 1, GL_LOSS_BCE, X, Y);
      CHECK(gl_net_train_epoch(deep, X, Y, 10, 4, 1, stats) == GL_OK && stats[2] == 3, "deep train");
      gl_net_destroy(deep);
    }
  }
  CHECK(gl_net_kernel_offset(NULL, 0) == -1 && gl_net_bias_offset(NULL, 0) == -1, "offsets of NULL");
  gl_net_destroy(NULL);
}

/* Every bad call on `bad` must leave it exactly like `twin`. */
static void test_bad_calls(void) {
  ref_net r = small_net(GL_LOSS_BCE);
  gl_net *bad = make_net(&r, 77), *twin = make_net(&r, 77);
  if (!bad || !twin) return;
  int P = gl_net_param_count(bad);
  enum { n = 20 };
  float X[n * 3], Y[n], out[n], stats[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS], loss, acc;
  make_data(n, 3, 1, GL_LOSS_BCE, X, Y);
  CHECK(gl_net_set_optimizer(bad, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0) == GL_OK, "opt");
  CHECK(gl_net_set_optimizer(twin, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0) == GL_OK, "opt");
  CHECK(gl_net_train_epoch(bad, X, Y, n, 6, 1, stats) == GL_OK, "train");
  CHECK(gl_net_train_epoch(twin, X, Y, n, 6, 1, stats) == GL_OK, "train");
#define EXPECT(expr, code)                                                                     \
  do {                                                                                         \
    int32_t s_ = (expr);                                                                       \
    CHECK(s_ == (code), "%s -> %d, expected %d (%s)", #expr, s_, code, gl_status_message(code)); \
  } while (0)
  EXPECT(gl_net_train_epoch(NULL, X, Y, n, 6, 1, stats), GL_ERR_NULL);
  EXPECT(gl_net_train_epoch(bad, NULL, Y, n, 6, 1, stats), GL_ERR_NULL);
  EXPECT(gl_net_train_epoch(bad, X, NULL, n, 6, 1, stats), GL_ERR_NULL);
  EXPECT(gl_net_train_epoch(bad, X, Y, n, 6, 1, NULL), GL_ERR_NULL);
  EXPECT(gl_net_train_epoch(bad, X, Y, 0, 6, 1, stats), GL_ERR_SIZE);
  EXPECT(gl_net_train_epoch(bad, X, Y, -5, 6, 1, stats), GL_ERR_SIZE);
  EXPECT(gl_net_train_epoch(bad, X, Y, GL_MAX_SAMPLES + 1, 6, 1, stats), GL_ERR_SIZE);
  EXPECT(gl_net_train_epoch(bad, X, Y, n, 0, 1, stats), GL_ERR_SIZE);
  EXPECT(gl_net_train_epoch(bad, X, Y, n, GL_MAX_BATCH + 1, 1, stats), GL_ERR_SIZE);
  float keep = X[7];
  X[7] = NAN;
  EXPECT(gl_net_train_epoch(bad, X, Y, n, 6, 1, stats), GL_ERR_DATA);
  EXPECT(gl_net_gradients(bad, X, Y, n, &loss), GL_ERR_DATA);
  EXPECT(gl_net_evaluate(bad, X, Y, n, &loss, &acc), GL_ERR_DATA);
  EXPECT(gl_net_predict(bad, X, n, out), GL_ERR_DATA);
  X[7] = INFINITY;
  EXPECT(gl_net_train_epoch(bad, X, Y, n, 6, 1, stats), GL_ERR_DATA);
  X[7] = keep;
  keep = Y[3];
  Y[3] = NAN;
  EXPECT(gl_net_train_epoch(bad, X, Y, n, 6, 1, stats), GL_ERR_DATA);
  Y[3] = 1.5f;
  EXPECT(gl_net_train_epoch(bad, X, Y, n, 6, 1, stats), GL_ERR_LABEL);
  EXPECT(gl_net_gradients(bad, X, Y, n, &loss), GL_ERR_LABEL);
  EXPECT(gl_net_evaluate(bad, X, Y, n, &loss, &acc), GL_ERR_LABEL);
  Y[3] = -0.25f;
  EXPECT(gl_net_train_epoch(bad, X, Y, n, 6, 1, stats), GL_ERR_LABEL);
  Y[3] = keep;
  EXPECT(gl_net_gradients(NULL, X, Y, n, &loss), GL_ERR_NULL);
  EXPECT(gl_net_gradients(bad, X, NULL, n, &loss), GL_ERR_NULL);
  EXPECT(gl_net_gradients(bad, X, Y, 0, &loss), GL_ERR_SIZE);
  EXPECT(gl_net_evaluate(bad, NULL, Y, n, &loss, &acc), GL_ERR_NULL);
  EXPECT(gl_net_evaluate(bad, X, Y, -1, &loss, &acc), GL_ERR_SIZE);
  EXPECT(gl_net_predict(bad, X, n, NULL), GL_ERR_NULL);
  EXPECT(gl_net_predict(bad, X, 0, out), GL_ERR_SIZE);
  EXPECT(gl_net_set_optimizer(NULL, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0), GL_ERR_NULL);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_COUNT, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0), GL_ERR_OPTIMIZER);
  EXPECT(gl_net_set_optimizer(bad, -1, 0.1f, 0.9f, 0, 0, 0, 0, 0, 0), GL_ERR_OPTIMIZER);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_SGD, NAN, 0.9f, 0, 0, 0, 0, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_SGD, 0.0f, 0.9f, 0, 0, 0, 0, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_SGD, -0.1f, 0.9f, 0, 0, 0, 0, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_SGD, 0.1f, 1.0f, 0, 0, 0, 0, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_SGD, 0.1f, -0.1f, 0, 0, 0, 0, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, -1.0f, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_SGD, 0.1f, 0.9f, 0, 0, 0, 0, 0, INFINITY), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_ADAM, 0.1f, 0, 0, 1.0f, 0.999f, 1e-7f, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_ADAM, 0.1f, 0, 0, 0.9f, NAN, 1e-7f, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_ADAM, 0.1f, 0, 0, 0.9f, 0.999f, 0.0f, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_RMSPROP, 0.1f, 0, 0, 0, 1.5f, 1e-7f, 0, 0), GL_ERR_PARAM);
  EXPECT(gl_net_set_optimizer(bad, GL_OPT_RMSPROP, 0.1f, 2.0f, 0, 0, 0.9f, 1e-7f, 0, 0), GL_ERR_PARAM);
#undef EXPECT
  CHECK(gl_net_kernel_offset(bad, 3) == -1 && gl_net_kernel_offset(bad, -1) == -1, "kernel offset out of range");
  CHECK(gl_net_bias_offset(bad, 3) == -1, "bias offset out of range");
  /* the failed calls changed nothing: same weights, optimiser state and shuffle */
  float s1[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS], s2[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS];
  for (int e = 0; e < 3; e++) {
    CHECK(gl_net_train_epoch(bad, X, Y, n, 6, 1, s1) == GL_OK, "train after bad calls");
    CHECK(gl_net_train_epoch(twin, X, Y, n, 6, 1, s2) == GL_OK, "train twin");
  }
  CHECK(!memcmp(gl_net_params(bad), gl_net_params(twin), sizeof(float) * P), "bad calls changed the network");
  CHECK(!memcmp(s1, s2, sizeof s1), "bad calls changed the training statistics");
  gl_net_destroy(bad);
  gl_net_destroy(twin);
}

/* gl_all_finite: 1 exactly when every value is finite, wherever the bad one
 * sits (the vector body, its last lanes, the scalar tail). */
static void test_all_finite(void) {
  float x[23];
  for (int n = 0; n <= 23; n++) {
    for (int i = 0; i < 23; i++) x[i] = (float)(i - 11) * 1e30f; /* large but finite */
    CHECK(gl_all_finite(x, n) == 1, "n %d: finite data rejected", n);
    const float bad[3] = {NAN, INFINITY, -INFINITY};
    for (int i = 0; i < n; i++)
      for (int k = 0; k < 3; k++) {
        float keep = x[i];
        x[i] = bad[k];
        CHECK(gl_all_finite(x, n) == 0, "n %d: %g at %d not seen", n, (double)bad[k], i);
        CHECK(gl_all_finite(x, i) == 1, "n %d: %g past the end (at %d) seen", n, (double)bad[k], i);
        x[i] = keep;
      }
  }
  CHECK(gl_all_finite(NULL, 4) == 0, "NULL accepted");
  CHECK(gl_all_finite(x, -1) == 0, "n -1 accepted");
}

int main(void) {
  test_optimizers();
  test_optimizer_reset();
  test_initializers();
  test_determinism();
  test_divergence();
  test_predict_evaluate();
  test_predict_relu();
  test_unit_stats();
  test_unit_shares();
  test_bad_create();
  test_bad_calls();
  test_all_finite();
  printf("test_network: %ld checks, %ld failed\n", checks, failures);
  return failures ? 1 : 0;
}

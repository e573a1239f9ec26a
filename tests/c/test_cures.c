/*
 * test_cures.c — the layer options of layers.def (batch / layer norm,
 * residual connections, dropout) and the initialisers' gain, in the C core:
 *  - gradients (kernels, biases, gamma, beta, and dL/dX) against central
 *    differences of the training-mode loss gl_net_gradients reports, on nets
 *    mixing the options (dropout's generator restored before each loss, so
 *    every evaluation draws the same mask). The trainer is float32, so the
 *    differences are too: h = 1e-2, tolerance 2e-2 |g_fd| + 1e-2 max|g_fd|
 *    over the tensor + 5e-5. (PyTorch in float64 checks them tightly:
 *    tests/node/cures-torch.test.js.)
 *  - the running statistics' update, evaluation with them, the checks of
 *    bad options and batch sizes, and that gain 1 and no options train bit
 *    for bit as gl_net_create's net.
 */
#include "network_internal.h"
#include "check.h"

#include <stdlib.h>

static uint64_t rs = 0x9e3779b97f4a7c15ULL;
static double urand(void) {
  rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
  return (double)(rs >> 11) / 9007199254740992.0;
}
static double rrange(double lo, double hi) { return lo + (hi - lo) * urand(); }

typedef struct cure_net {
  const char *label;
  int inputs, nl, loss, n;
  int units[8], act[8];
  float opts[8][GL_LAYER_OPTS];
} cure_net;

static int32_t make(const cure_net *c, gl_net **net) {
  float al[8], ia[8], ib[8], bias[8], opts[8 * GL_LAYER_OPTS];
  int32_t inits[8];
  for (int l = 0; l < c->nl; l++) {
    al[l] = NAN; ia[l] = ib[l] = 0; bias[l] = 0; inits[l] = GL_INIT_GLOROT_UNIFORM;
    for (int k = 0; k < GL_LAYER_OPTS; k++) opts[l * GL_LAYER_OPTS + k] = c->opts[l][k];
  }
  return gl_net_create_ex(net, c->inputs, c->nl, c->units, c->act, al, inits, ia, ib, bias, opts, c->loss, 5);
}

static double loss_at(gl_net *net, const gl_rng *drop, const float *X, const float *Y, int n) {
  float l = NAN;
  net->drop_rng = *drop;
  CHECK(gl_net_gradients(net, X, Y, n, &l) == GL_OK, "loss");
  return l;
}

/* fd[i] = the central difference (h = 1e-2) of the loss in v[i], i < count
 * (v: the parameters or X itself) */
static void central_diff(gl_net *net, const gl_rng *drop, float *X, const float *Y, int n, float *v, int count,
                         double *fd) {
  const double h = 1e-2;
  for (int i = 0; i < count; i++) {
    const float keep = v[i];
    v[i] = keep + (float)h;
    double up = loss_at(net, drop, X, Y, n);
    v[i] = keep - (float)h;
    double dn = loss_at(net, drop, X, Y, n);
    v[i] = keep;
    fd[i] = (up - dn) / (2 * h);
  }
}

/* |g - fd| within the tolerance for the n values at g, fd (one tensor) */
static void close_tensor(const char *label, const char *what, int l, const float *g, const double *fd, int n) {
  double mx = 0;
  for (int i = 0; i < n; i++) mx = fmax(mx, fabs(fd[i]));
  int bad = 0;
  for (int i = 0; i < n; i++) {
    double tol = 2e-2 * fabs(fd[i]) + 1e-2 * mx + 5e-5;
    if (!(fabs(g[i] - fd[i]) <= tol) && bad++ < 3)
      CHECK(0, "%s: layer %d %s[%d]: %.7g vs finite difference %.7g", label, l, what, i, g[i], fd[i]);
  }
  CHECK(bad == 0, "%s: layer %d %s: %d values off", label, l, what, bad);
}

static void check_gradients(const cure_net *c) {
  gl_net *net = NULL;
  int32_t st = make(c, &net);
  CHECK(st == GL_OK, "%s: create -> %d", c->label, st);
  if (st) return;
  const int P = gl_net_param_count(net), n = c->n, K = c->units[c->nl - 1];
  float *p = gl_net_params(net);
  for (int l = 0; l < c->nl; l++) { /* random biases, gamma, beta too */
    const gl_layer *L = &net->layer[l];
    for (int i = 0; i < L->out; i++) p[L->bias_off + i] = (float)rrange(-0.3, 0.3);
    if (L->gamma_off >= 0)
      for (int i = 0; i < 2 * L->out; i++) p[L->gamma_off + i] = (float)(i < L->out ? rrange(0.5, 1.5) : rrange(-0.3, 0.3));
  }
  float *X = malloc(sizeof(float) * (size_t)n * c->inputs), *Y = malloc(sizeof(float) * (size_t)n * K);
  float *dX = malloc(sizeof(float) * (size_t)n * c->inputs), *g = malloc(sizeof(float) * (size_t)P);
  double *fd = malloc(sizeof(double) * (size_t)(P > n * c->inputs ? P : n * c->inputs));
  for (int i = 0; i < n * c->inputs; i++) X[i] = (float)rrange(-1.5, 1.5);
  for (int i = 0; i < n * K; i++) Y[i] = c->loss == GL_LOSS_MSE ? (float)rrange(-1, 1) : (float)(urand() < 0.5);
  const gl_rng drop = net->drop_rng;
  float loss;
  CHECK(gl_net_input_gradients(net, X, Y, n, &loss, dX) == GL_OK, "%s: gradients", c->label);
  memcpy(g, gl_net_grads(net), sizeof(float) * (size_t)P);
  central_diff(net, &drop, X, Y, n, p, P, fd);
  for (int l = 0; l < c->nl; l++) {
    const gl_layer *L = &net->layer[l];
    close_tensor(c->label, "kernel", l, g + L->kernel_off, fd + L->kernel_off, L->in * L->out);
    close_tensor(c->label, "bias", l, g + L->bias_off, fd + L->bias_off, L->out);
    if (L->gamma_off >= 0) {
      close_tensor(c->label, "gamma", l, g + L->gamma_off, fd + L->gamma_off, L->out);
      close_tensor(c->label, "beta", l, g + L->gamma_off + L->out, fd + L->gamma_off + L->out, L->out);
    }
  }
  central_diff(net, &drop, X, Y, n, X, n * c->inputs, fd);
  close_tensor(c->label, "dX", -1, dX, fd, n * c->inputs);
  free(X); free(Y); free(dX); free(g); free(fd);
  gl_net_destroy(net);
}

/* a layer's options in GL_LAYER_OPT_LIST order: norm, eps, momentum, residual, dropout, gain */
enum { GAIN = GL_LOPT_GAIN };
#define PLAIN {0, 1e-5f, 0.1f, 0, 0, 1}
#define BN {GL_NORM_BATCH, 1e-5f, 0.1f, 0, 0, 1}
#define LN {GL_NORM_LAYER, 1e-5f, 0.1f, 0, 0, 1}

static void test_gradients(void) {
  int tanh_ = gl_activation_lookup("tanh"), relu = gl_activation_lookup("relu"), sig = gl_activation_lookup("sigmoid");
  int lin = gl_activation_lookup("linear"), gelu = gl_activation_lookup("gelu"), elu = gl_activation_lookup("elu");
  cure_net nets[] = {
    {"batch norm tanh", 3, 4, GL_LOSS_BCE, 13, {6, 5, 4, 1}, {tanh_, tanh_, tanh_, sig}, {BN, BN, BN, PLAIN}},
    {"layer norm + residual 2 + dropout", 2, 5, GL_LOSS_MSE, 11, {6, 6, 6, 6, 1}, {relu, elu, lin, gelu, lin},
     {LN, PLAIN, {0, 1e-5f, 0.1f, 2, 0.3f, 1}, {GL_NORM_LAYER, 1e-3f, 0.1f, 0, 0.2f, 1}, PLAIN}},
    {"residual from the input, batch norm, dropout", 4, 4, GL_LOSS_BCE, 9, {4, 4, 3, 1}, {tanh_, relu, gelu, sig},
     {{GL_NORM_BATCH, 1e-5f, 0.1f, 1, 0, 1}, {GL_NORM_BATCH, 1e-4f, 0.3f, 2, 0.25f, 1}, LN, PLAIN}},
    {"two residuals from one layer, batch over two chunks (layer norm)", 3, 5, GL_LOSS_MSE, 300, {5, 5, 5, 5, 2},
     {tanh_, tanh_, relu, tanh_, lin}, {LN, {0, 1e-5f, 0.1f, 1, 0, 1}, {0, 1e-5f, 0.1f, 2, 0.1f, 1}, {0, 1e-5f, 0.1f, 3, 0, 1}, PLAIN}},
  };
  for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) check_gradients(&nets[i]);
}

/* running statistics: one training step of batch norm moves them by momentum;
 * predict uses them: with momentum 1 and the same batch, predict = training forward */
static void test_running(void) {
  int tanh_ = gl_activation_lookup("tanh"), lin = gl_activation_lookup("linear");
  cure_net c = {"running", 2, 2, GL_LOSS_MSE, 8, {3, 1}, {tanh_, lin}, {{GL_NORM_BATCH, 1e-5f, 1.0f, 0, 0, 1}, PLAIN}};
  gl_net *net = NULL;
  CHECK(make(&c, &net) == GL_OK, "running: create");
  const float *run = gl_net_running(net) + gl_net_running_offset(net, 0);
  CHECK(run[0] == 0.0f && run[3] == 1.0f, "running: starts at mean 0, variance 1");
  CHECK(gl_net_running_offset(net, 1) == -1 && gl_net_norm_offset(net, 1) == -1, "running: none on the output layer");
  float X[16], Y[8], out[8], tr[8];
  for (int i = 0; i < 16; i++) X[i] = (float)rrange(-1, 1);
  for (int i = 0; i < 8; i++) Y[i] = (float)rrange(-1, 1);
  float stats[GL_EPOCH_HEAD + 2 * GL_LAYER_STATS];
  CHECK(gl_net_set_optimizer(net, GL_OPT_SGD, 1e-30f, 0, 0, 0.9f, 0.999f, 1e-7f, 0, 0) == GL_OK, "running: sgd");
  CHECK(gl_net_train_epoch(net, X, Y, 8, 8, 0, stats) == GL_OK, "running: epoch");
  /* the batch's mean and unbiased variance of z = X W + b, unit 0 */
  const float *p = gl_net_params(net);
  double z[8], mu = 0, var = 0;
  for (int b = 0; b < 8; b++) { z[b] = X[2 * b] * p[0] + X[2 * b + 1] * p[3] + p[6]; mu += z[b] / 8; }
  for (int b = 0; b < 8; b++) var += (z[b] - mu) * (z[b] - mu) / 7;
  CHECK(fabs(run[0] - mu) < 1e-6 && fabs(run[3] - var) < 1e-5 * var, "running: mean %g var %g, expected %g %g", run[0], run[3], mu, var);
  CHECK(stats[GL_EPOCH_HEAD + GL_STAT_GAMMA_GRAD_MEAN_ABS] > 0 && stats[GL_EPOCH_HEAD + GL_LAYER_STATS + GL_STAT_GAMMA_GRAD_MEAN_ABS] == 0,
        "running: gamma's gradient statistic on the norm layer only");
  /* with momentum 1 the running variance is the unbiased one: predict differs from the training forward by sqrt(7/8) in xhat */
  CHECK(gl_net_predict(net, X, 8, out) == GL_OK, "running: predict");
  float loss;
  CHECK(gl_net_gradients(net, X, Y, 8, &loss) == GL_OK, "running: gradients");
  for (int b = 0; b < 8; b++) tr[b] = net->layer[1].a[b];
  int differ = 0;
  for (int b = 0; b < 8; b++) differ += fabsf(out[b] - tr[b]) > 1e-6f;
  CHECK(differ > 0, "running: evaluation uses the running statistics, not the batch's");
  gl_net_destroy(net);
}

/* dropout's mask: 0 or 1 / (1 - rate), zeros at about the rate, a new mask each pass */
static void test_dropout_mask(void) {
  int relu = gl_activation_lookup("relu"), lin = gl_activation_lookup("linear");
  cure_net c = {"", 2, 2, GL_LOSS_MSE, 200, {64, 1}, {relu, lin}, {{0, 1e-5f, 0.1f, 0, 0.25f, 1}, PLAIN}};
  gl_net *net = NULL;
  CHECK(make(&c, &net) == GL_OK, "dropout: create");
  float X[400], Y[200], loss;
  for (int i = 0; i < 400; i++) X[i] = (float)rrange(-1, 1);
  for (int i = 0; i < 200; i++) Y[i] = 0;
  CHECK(gl_net_gradients(net, X, Y, 200, &loss) == GL_OK, "dropout: gradients");
  const gl_layer *L = &net->layer[0];
  const int S = 200; /* one chunk, a multiple of 4 */
  long zeros = 0, other = 0;
  float first[8];
  for (int u = 0; u < 64; u++)
    for (int b = 0; b < 200; b++) {
      float k = L->mask[(size_t)u * S + b];
      zeros += k == 0.0f;
      other += k != 0.0f && k != 1.0f / 0.75f;
    }
  for (int i = 0; i < 8; i++) first[i] = L->mask[i];
  CHECK(other == 0 && fabs(zeros / 12800.0 - 0.25) < 0.02, "dropout: %ld zeros of 12800, %ld values other than 0 and 4/3", zeros, other);
  CHECK(gl_net_gradients(net, X, Y, 200, &loss) == GL_OK && memcmp(first, L->mask, sizeof first), "dropout: a new mask each pass");
  float out[200], out2[200];
  CHECK(gl_net_predict(net, X, 200, out) == GL_OK && gl_net_predict(net, X, 200, out2) == GL_OK && !memcmp(out, out2, sizeof out),
        "dropout: none in predict");
  gl_net_destroy(net);
}

static void test_checks(void) {
  int tanh_ = gl_activation_lookup("tanh"), sig = gl_activation_lookup("sigmoid");
  gl_net *net = NULL;
  struct { const char *what; cure_net c; int32_t st; } bad[] = {
    {"norm id", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{3, 1e-5f, 0.1f, 0, 0, 1}, PLAIN}}, GL_ERR_PARAM},
    {"eps 0", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{1, 0, 0.1f, 0, 0, 1}, PLAIN}}, GL_ERR_PARAM},
    {"momentum 0", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{1, 1e-5f, 0, 0, 0, 1}, PLAIN}}, GL_ERR_PARAM},
    {"residual width", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{0, 1e-5f, 0.1f, 1, 0, 1}, PLAIN}}, GL_ERR_PARAM},
    {"residual too far", {"", 3, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{0, 1e-5f, 0.1f, 2, 0, 1}, PLAIN}}, GL_ERR_PARAM},
    {"residual 1.5", {"", 3, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{0, 1e-5f, 0.1f, 1.5f, 0, 1}, PLAIN}}, GL_ERR_PARAM},
    {"dropout 1", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{0, 1e-5f, 0.1f, 0, 1.0f, 1}, PLAIN}}, GL_ERR_PARAM},
    {"dropout NaN", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{0, 1e-5f, 0.1f, 0, NAN, 1}, PLAIN}}, GL_ERR_PARAM},
    {"gain -1", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {{0, 1e-5f, 0.1f, 0, 0, -1}, PLAIN}}, GL_ERR_PARAM},
    {"norm on the output", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {PLAIN, BN}}, GL_ERR_PARAM},
    {"dropout on the output", {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {PLAIN, {0, 1e-5f, 0.1f, 0, 0.5f, 1}}}, GL_ERR_PARAM},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int32_t st = make(&bad[i].c, &net);
    CHECK(st == bad[i].st && !net, "%s: status %d, expected %d", bad[i].what, st, bad[i].st);
    gl_net_destroy(net);
    net = NULL;
  }
  /* batch norm: batches of 2 … chunk samples */
  cure_net c = {"", 2, 2, GL_LOSS_BCE, 4, {3, 1}, {tanh_, sig}, {BN, PLAIN}};
  CHECK(make(&c, &net) == GL_OK, "checks: create");
  float X[2 * 600] = {0}, Y[600] = {0}, stats[GL_EPOCH_HEAD + 2 * GL_LAYER_STATS], loss;
  CHECK(gl_net_gradients(net, X, Y, 1, &loss) == GL_ERR_SIZE, "batch norm: gradients of 1 sample");
  CHECK(gl_net_gradients(net, X, Y, gl_net_chunk_samples(net) + 1, &loss) == GL_ERR_SIZE, "batch norm: above a chunk");
  CHECK(gl_net_train_epoch(net, X, Y, 9, 4, 0, stats) == GL_ERR_SIZE, "batch norm: a last batch of 1");
  CHECK(gl_net_train_epoch(net, X, Y, 1, 4, 0, stats) == GL_ERR_SIZE, "batch norm: one sample");
  CHECK(gl_net_train_epoch(net, X, Y, 600, 300, 0, stats) == GL_ERR_SIZE, "batch norm: batches above a chunk");
  CHECK(gl_net_train_epoch(net, X, Y, 10, 4, 0, stats) == GL_OK, "batch norm: batches 4, 4, 2");
  gl_net_destroy(net);
}

/* no options (gain 1) = gl_net_create's net, bit for bit, over 3 epochs */
static void test_plain_identical(void) {
  int tanh_ = gl_activation_lookup("tanh"), sig = gl_activation_lookup("sigmoid");
  cure_net c = {"", 2, 3, GL_LOSS_BCE, 64, {8, 8, 1}, {tanh_, tanh_, sig}, {PLAIN, PLAIN, PLAIN}};
  gl_net *a = NULL, *b = NULL;
  CHECK(make(&c, &a) == GL_OK, "plain: create_ex");
  CHECK(gl_net_create(&b, 2, 3, c.units, c.act, NULL, NULL, NULL, NULL, NULL, GL_LOSS_BCE, 5) == GL_OK, "plain: create");
  float X[128], Y[64], sa[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS], sb[GL_EPOCH_HEAD + 3 * GL_LAYER_STATS];
  for (int i = 0; i < 128; i++) X[i] = (float)rrange(-1, 1);
  for (int i = 0; i < 64; i++) Y[i] = (float)(X[2 * i] * X[2 * i + 1] > 0);
  for (int e = 0; e < 3; e++) {
    CHECK(gl_net_train_epoch(a, X, Y, 64, 16, 1, sa) == GL_OK && gl_net_train_epoch(b, X, Y, 64, 16, 1, sb) == GL_OK, "plain: epochs");
  }
  CHECK(gl_net_param_count(a) == gl_net_param_count(b) &&
        !memcmp(gl_net_params(a), gl_net_params(b), sizeof(float) * (size_t)gl_net_param_count(a)) && !memcmp(sa, sb, sizeof sa),
        "plain: the same weights and statistics");
  gl_net_destroy(a);
  gl_net_destroy(b);
  /* gain scales the weights exactly (he_uniform, gain 0.5) */
  int32_t u[2] = {8, 1}, acts[2] = {tanh_, sig}, inits[2] = {GL_INIT_HE_UNIFORM, GL_INIT_RANDOM_NORMAL};
  float o1[2 * GL_LAYER_OPTS] = {0, 1e-5f, 0.1f, 0, 0, 1, 0, 1e-5f, 0.1f, 0, 0, 1}, o2[2 * GL_LAYER_OPTS];
  memcpy(o2, o1, sizeof o1);
  o2[GAIN] = 0.5f;
  o2[GL_LAYER_OPTS + GAIN] = 0.25f;
  float ia[2] = {0, 0.3f}, ib[2] = {0, 2.0f};
  CHECK(gl_net_create_ex(&a, 2, 2, u, acts, NULL, inits, ia, ib, NULL, o1, GL_LOSS_BCE, 3) == GL_OK &&
        gl_net_create_ex(&b, 2, 2, u, acts, NULL, inits, ia, ib, NULL, o2, GL_LOSS_BCE, 3) == GL_OK, "gain: create");
  const float *pa = gl_net_params(a), *pb = gl_net_params(b);
  int off = 0;
  for (int i = 0; i < 16; i++) off += pb[i] != 0.5f * pa[i];
  for (int i = 0; i < 8; i++) off += fabsf((pb[24 + i] - 0.3f) - 0.25f * (pa[24 + i] - 0.3f)) > 1e-6f;
  CHECK(off == 0, "gain: %d weights not scaled", off);
  gl_net_destroy(a);
  gl_net_destroy(b);
}

int main(void) {
  test_gradients();
  test_running();
  test_dropout_mask();
  test_checks();
  test_plain_identical();
  printf("test_cures: %ld checks, %ld failed\n", checks, failures);
  return failures != 0;
}

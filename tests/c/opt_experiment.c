/*
 * opt_experiment.c — the article's experiment, qualitatively (optimised build):
 * two circles (1000 points, noise 0.1, factor 0.8, scaled to [-1, 1]; first
 * 500 train, last 500 test), SGD lr 0.01 momentum 0.9, batch 32, 500 epochs,
 * binary cross-entropy with a sigmoid output, over 3 seeds:
 *  - deep tanh (5 x 5 tanh, random_uniform(0, 1) everywhere) does not learn:
 *    median test accuracy <= 0.65;
 *  - deep relu (5 x 5 relu, he_uniform hidden, glorot_uniform output) learns:
 *    median test accuracy >= 0.8;
 *  - gradient signature over the first 100 epochs (gradMeanAbs per layer,
 *    averaged over those epochs): tanh's output layer gets >= 30x the gradient
 *    of its smallest hidden layer (median over seeds), relu's ratio < 10, and
 *    relu's first hidden layer gets more gradient than tanh's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradlab.h"
#include "check.h"

#define N 1000
#define NTRAIN 500
#define EPOCHS 500
#define SEEDS 3
#define NL 6

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static double median3(double *v) { qsort(v, SEEDS, sizeof *v, cmp_double); return v[SEEDS / 2]; }

/* Trains one model; returns test accuracy, fills grad[l] = mean gradMeanAbs
 * over epochs 1..100 and dead[l] = deadFraction at the last epoch. */
static double run(int relu, uint32_t seed, const float *X, const float *Y, double *grad, double *dead,
                  double *train_acc) {
  int32_t units[NL] = {5, 5, 5, 5, 5, 1}, acts[NL], inits[NL];
  float a[NL], b[NL];
  int32_t act_hidden = gl_activation_lookup(relu ? "relu" : "tanh"), sig = gl_activation_lookup("sigmoid");
  for (int l = 0; l < NL; l++) {
    acts[l] = l == NL - 1 ? sig : act_hidden;
    inits[l] = relu ? (l == NL - 1 ? GL_INIT_GLOROT_UNIFORM : GL_INIT_HE_UNIFORM) : GL_INIT_RANDOM_UNIFORM;
    a[l] = 0.0f;
    b[l] = 1.0f;
  }
  gl_net *net = NULL;
  int32_t st = gl_net_create(&net, 2, NL, units, acts, NULL, inits, a, b, NULL, GL_LOSS_BCE, seed);
  CHECK(st == GL_OK, "create -> %d", st);
  if (st) return 0;
  st = gl_net_set_optimizer(net, GL_OPT_SGD, 0.01f, 0.9f, 0, 0.9f, 0.999f, 1e-7f, 0, 0);
  CHECK(st == GL_OK, "set_optimizer -> %d", st);
  float stats[GL_EPOCH_HEAD + NL * GL_LAYER_STATS];
  for (int l = 0; l < NL; l++) grad[l] = 0;
  for (int e = 0; e < EPOCHS; e++) {
    st = gl_net_train_epoch(net, X, Y, NTRAIN, 32, 1, stats);
    CHECK(st == GL_OK, "epoch %d -> %d", e, st);
    CHECK(stats[2] == 16.0f, "batches per epoch %g", stats[2]);
    if (e < 100)
      for (int l = 0; l < NL; l++) grad[l] += stats[GL_EPOCH_HEAD + l * GL_LAYER_STATS] / 100.0;
  }
  for (int l = 0; l < NL; l++) dead[l] = stats[GL_EPOCH_HEAD + l * GL_LAYER_STATS + 2];
  float loss, acc, tacc;
  gl_net_evaluate(net, X, Y, NTRAIN, &loss, &tacc);
  st = gl_net_evaluate(net, X + 2 * NTRAIN, Y + NTRAIN, N - NTRAIN, &loss, &acc);
  CHECK(st == GL_OK, "evaluate -> %d", st);
  *train_acc = tacc;
  gl_net_destroy(net);
  return acc;
}

int main(void) {
  static float X[2 * N], Y[N];
  int32_t st = gl_dataset(GL_DATA_CIRCLES, N, 0.1f, 0.8f, 0, 1u, 1, X, Y);
  CHECK(st == GL_OK, "dataset -> %d", st);
  double acc[2][SEEDS], ratio[2][SEEDS], first[2][SEEDS];
  for (int relu = 0; relu < 2; relu++) {
    for (int s = 0; s < SEEDS; s++) {
      double grad[NL], dead[NL], tacc;
      acc[relu][s] = run(relu, 1u + (uint32_t)s, X, Y, grad, dead, &tacc);
      double min_hidden = grad[0];
      for (int l = 1; l < NL - 1; l++) min_hidden = fmin(min_hidden, grad[l]);
      ratio[relu][s] = grad[NL - 1] / min_hidden;
      first[relu][s] = grad[0];
      printf("%s seed %d: train %.3f test %.3f | gradMeanAbs (epochs 1-100):", relu ? "deep relu" : "deep tanh",
             s + 1, tacc, acc[relu][s]);
      for (int l = 0; l < NL; l++) printf(" %.2e", grad[l]);
      printf(" | output/min hidden %.1f | dead:", ratio[relu][s]);
      for (int l = 0; l < NL - 1; l++) printf(" %.1f", dead[l]);
      printf("\n");
    }
  }
  double tanh_acc = median3(acc[0]), relu_acc = median3(acc[1]);
  double tanh_ratio = median3(ratio[0]), relu_ratio = median3(ratio[1]);
  double tanh_first = median3(first[0]), relu_first = median3(first[1]);
  printf("median test accuracy: deep tanh %.3f, deep relu %.3f; median output/min-hidden gradient ratio: "
         "tanh %.1f, relu %.1f; first-layer gradMeanAbs: tanh %.2e, relu %.2e\n",
         tanh_acc, relu_acc, tanh_ratio, relu_ratio, tanh_first, relu_first);
  CHECK(relu_acc >= 0.8, "deep relu median test accuracy %.3f < 0.8", relu_acc);
  CHECK(tanh_acc <= 0.65, "deep tanh median test accuracy %.3f > 0.65", tanh_acc);
  CHECK(tanh_ratio >= 30, "deep tanh gradient ratio %.1f < 30", tanh_ratio);
  CHECK(relu_ratio < 10, "deep relu gradient ratio %.1f >= 10", relu_ratio);
  CHECK(relu_first > tanh_first, "relu first-layer gradient %.2e not above tanh's %.2e", relu_first, tanh_first);
  return failures ? 1 : 0;
}

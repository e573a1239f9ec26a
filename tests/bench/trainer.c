/*
 * trainer.c — gradlab's trainer natively through the C API (src/gradlab.h),
 * built -O3 -march=native, one thread: the same workloads as the JS peers
 * (tests/bench/lib/common.mjs is the reference for their definitions).
 *   A-tanh / A-relu: 2 -> 5x5 -> 1 sigmoid, batch 32, 500 epochs on the first
 *                    500 points, SGD lr 0.01 momentum 0.9, BCE, shuffled.
 *   B:               2 -> 4x64 relu -> 1 sigmoid, batch 32, 100 epochs.
 *   C-tanh / C-relu: gl_net_predict of A's net on a 200x200 grid in [-1,1]^2.
 * Training: 20 warm-up epochs (as the JS peers, lib/common.mjs), then the timed runs of the
 * workload's epochs (as timeTraining there: up to 5 within 3 s, the median; run.mjs starts a
 * fresh process per repeat). Surface: 3
 * warm-up calls, then `reps` timed calls, the median.
 * Prints one JSON line like the JS peers.
 *   build/opt/bench/trainer <workload> <data file> [reps]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gradlab.h"
#include "bench.h"

#define TRAIN_N 500
#define TIMED_RUNS 5          /* lib/common.mjs TIMED_RUNS */
#define TIMED_BUDGET_MS 3000.0 /* lib/common.mjs TIMED_BUDGET_MS */
#define MAX_L 8


static int fail(const char *what, int32_t st) {
  fprintf(stderr, "trainer: %s: %s (status %d)\n", what, gl_status_message(st), st);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s A-tanh|A-relu|B|C-tanh|C-relu <data file> [reps]\n", argv[0]);
    return 2;
  }
  const char *w = argv[1];
  int reps = argc > 3 ? atoi(argv[3]) : 15;
  if (reps <= 0 || reps > 1000) { fprintf(stderr, "trainer: reps must be in 1..1000\n"); return 2; }
  int surface = w[0] == 'C';
  int wide = strcmp(w, "B") == 0;
  int tanh_net = strcmp(w, "A-tanh") == 0 || strcmp(w, "C-tanh") == 0;
  if (!wide && !tanh_net && strcmp(w, "A-relu") && strcmp(w, "C-relu")) {
    fprintf(stderr, "trainer: unknown workload %s\n", w);
    return 2;
  }

  /* data: int32 n, X float32[n][2], y float32[n] */
  FILE *f = fopen(argv[2], "rb");
  if (!f) { perror(argv[2]); return 1; }
  int32_t n = 0;
  if (fread(&n, 4, 1, f) != 1 || n < TRAIN_N || n > GL_MAX_SAMPLES) {
    fprintf(stderr, "trainer: %s: bad header\n", argv[2]);
    return 1;
  }
  float *X = malloc(sizeof(float) * 2 * n), *Y = malloc(sizeof(float) * n);
  if (!X || !Y || fread(X, sizeof(float), 2 * (size_t)n, f) != 2 * (size_t)n ||
      fread(Y, sizeof(float), (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "trainer: %s: short file\n", argv[2]);
    return 1;
  }
  fclose(f);

  int32_t hidden = wide ? 4 : 5, width = wide ? 64 : 5;
  int32_t nl = hidden + 1;
  int32_t units[MAX_L], acts[MAX_L], inits[MAX_L];
  float alphas[MAX_L], ia[MAX_L], ib[MAX_L], bias[MAX_L];
  int32_t act = gl_activation_lookup(tanh_net ? "tanh" : "relu");
  int32_t sig = gl_activation_lookup("sigmoid");
  if (act < 0 || sig < 0) { fprintf(stderr, "trainer: activation names not found\n"); return 1; }
  for (int32_t l = 0; l < nl; l++) {
    int out = l == nl - 1;
    units[l] = out ? 1 : width;
    acts[l] = out ? sig : act;
    alphas[l] = NAN;
    inits[l] = tanh_net ? GL_INIT_RANDOM_UNIFORM : out ? GL_INIT_GLOROT_UNIFORM : GL_INIT_HE_UNIFORM;
    ia[l] = 0.0f;
    ib[l] = 1.0f;
    bias[l] = 0.0f;
  }
  gl_net *net = NULL;
  int32_t st = gl_net_create(&net, 2, nl, units, acts, alphas, inits, ia, ib, bias, GL_LOSS_BCE, 1u);
  if (st) return fail("gl_net_create", st);
  st = gl_net_set_optimizer(net, GL_OPT_SGD, 0.01f, 0.9f, 0, 0.9f, 0.999f, 1e-7f, 0.0f, 0.0f);
  if (st) return fail("gl_net_set_optimizer", st);

  if (!surface) {
    int epochs = wide ? 100 : 500;
    float *stats = malloc(sizeof(float) * (GL_EPOCH_HEAD + nl * GL_LAYER_STATS));
    if (!stats) return fail("malloc", GL_ERR_NOMEM);
    for (int e = 0; e < 20; e++) {
      st = gl_net_train_epoch(net, X, Y, TRAIN_N, 32, 1, stats);
      if (st) return fail("warm-up epoch", st);
    }
    /* timed runs as lib/common.mjs's timeTraining: while fewer than TIMED_RUNS
     * and under TIMED_BUDGET_MS in all; the median; accuracy and loss after
     * the first run */
    double ts[TIMED_RUNS], total = 0.0;
    int runs = 0;
    float loss = NAN, acc = NAN, loss1 = NAN;
    while (runs < TIMED_RUNS && (runs == 0 || total < TIMED_BUDGET_MS)) {
      double t0 = now_ms();
      for (int e = 0; e < epochs; e++) {
        st = gl_net_train_epoch(net, X, Y, TRAIN_N, 32, 1, stats);
        if (st) return fail("gl_net_train_epoch", st);
      }
      ts[runs] = now_ms() - t0;
      total += ts[runs++];
      if (runs == 1) {
        st = gl_net_evaluate(net, X, Y, TRAIN_N, &loss, &acc);
        if (st) return fail("gl_net_evaluate", st);
        loss1 = stats[0];
      }
    }
    qsort(ts, (size_t)runs, sizeof ts[0], cmp_double);
    double ms = runs % 2 ? ts[runs / 2] : (ts[runs / 2 - 1] + ts[runs / 2]) / 2;
    printf("{\"workload\":\"%s\",\"peer\":\"gradlab-native\",\"ms\":%.6f,\"timedRuns\":%d,\"trainAcc\":%.4f,\"finalLoss\":%.6g}\n",
           w, ms, runs, acc, loss1);
    free(stats);
  } else {
    const int g = 200, np = g * g;
    float *G = malloc(sizeof(float) * 2 * np), *out = malloc(sizeof(float) * np);
    double *ts = malloc(sizeof(double) * reps);
    if (!G || !out || !ts) return fail("malloc", GL_ERR_NOMEM);
    for (int r = 0; r < g; r++) {
      for (int c = 0; c < g; c++) {
        G[(r * g + c) * 2] = (float)(-1.0 + 2.0 * c / (g - 1));
        G[(r * g + c) * 2 + 1] = (float)(-1.0 + 2.0 * r / (g - 1));
      }
    }
    for (int i = 0; i < 3; i++) {
      st = gl_net_predict(net, G, np, out);
      if (st) return fail("gl_net_predict", st);
    }
    for (int i = 0; i < reps; i++) {
      double t0 = now_ms();
      gl_net_predict(net, G, np, out);
      ts[i] = now_ms() - t0;
    }
    qsort(ts, reps, sizeof ts[0], cmp_double);
    double med = reps % 2 ? ts[reps / 2] : (ts[reps / 2 - 1] + ts[reps / 2]) / 2;
    printf("{\"workload\":\"%s\",\"peer\":\"gradlab-native\",\"ms\":%.6f,\"msMin\":%.6f,\"samples\":%d,\"check\":%.6g}\n",
           w, med, ts[0], reps, out[np / 2]);
    free(G);
    free(out);
    free(ts);
  }
  gl_net_destroy(net);
  free(X);
  free(Y);
  return 0;
}

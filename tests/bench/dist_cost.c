/*
 * dist_cost.c — the cost of the 'full' statistics (gl_net_train_epoch_full)
 * against 'basic' (gl_net_train_epoch) on the deep tanh workload: 2 -> 5x5
 * tanh -> 1 sigmoid, random_uniform(0, 1), BCE, 500 circles points (noise 0.1,
 * factor 0.5, data seed 1, net seed 1), batch 32,
 * SGD lr 0.01 momentum 0.9, shuffled. Not run by run.mjs; for instruction
 * counts (docs/API.md, "Cost"):
 *   clang -O2 -march=x86-64-v3 -gdwarf-4 -ffp-contract=off -DSIMDE_ENABLE_NATIVE_ALIASES \
 *     -D_GNU_SOURCE -std=c11 -Isrc tests/bench/dist_cost.c src/\*.c -o /tmp/dist_cost -lm
 *   valgrind --tool=callgrind /tmp/dist_cost basic 500
 *   valgrind --tool=callgrind /tmp/dist_cost full 500
 * Prints the wall time and the last epoch's loss (the same for both).
 *   dist_cost basic|full [epochs]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gradlab.h"

int main(int argc, char **argv) {
  const int full = argc > 1 && !strcmp(argv[1], "full");
  const int epochs = argc > 2 ? atoi(argv[2]) : 500;
  int32_t units[6] = {5, 5, 5, 5, 5, 1}, acts[6], inits[6];
  float alphas[6], ia[6], ib[6], bias[6];
  for (int l = 0; l < 6; l++) {
    acts[l] = gl_activation_lookup(l < 5 ? "tanh" : "sigmoid");
    alphas[l] = NAN;
    inits[l] = GL_INIT_RANDOM_UNIFORM;
    ia[l] = 0.0f;
    ib[l] = 1.0f;
    bias[l] = 0.0f;
  }
  gl_net *net = NULL;
  if (gl_net_create(&net, 2, 6, units, acts, alphas, inits, ia, ib, bias, GL_LOSS_BCE, 1)) return 1;
  gl_net_set_optimizer(net, GL_OPT_SGD, 0.01f, 0.9f, 0, 0, 0, 0, 0, 0);
  static float X[1000], Y[500];
  gl_dataset(GL_DATA_CIRCLES, 500, 0.1f, 0.5f, 2, 1, 1, X, Y);
  float stats[GL_EPOCH_HEAD + 6 * GL_LAYER_STATS];
  float *dist = malloc(sizeof(float) * (size_t)gl_net_dist_floats(net));
  if (!dist) return 1;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int e = 0; e < epochs; e++) {
    const int st = full ? gl_net_train_epoch_full(net, X, Y, 500, 32, 1, stats, dist, 1)
                        : gl_net_train_epoch(net, X, Y, 500, 32, 1, stats);
    if (st) { printf("status %d\n", st); return 1; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%s: %d epochs %.3f s, loss %g\n", full ? "full" : "basic", epochs,
         (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec), stats[GL_EPOCH_LOSS]);
  free(dist);
  gl_net_destroy(net);
  return 0;
}

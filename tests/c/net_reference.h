/*
 * net_reference.h — an independent double-precision reference of gradlab's
 * network, for the C tests: activations from their textbook formulas (by
 * name, not via the library), a sample-by-sample dense forward pass, the three
 * losses in their plain (not fused) form, and central-difference gradients.
 * It shares nothing with the trainer in src/ except the documented parameter
 * layout (per layer: kernel [in][out] row-major, then bias [out]).
 */
#ifndef GL_NET_REFERENCE_H
#define GL_NET_REFERENCE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradlab.h"
#include "check.h"


typedef struct ref_net {
  int inputs, nl, loss;
  int units[GL_MAX_LAYERS];
  char act[GL_MAX_LAYERS][16]; /* activation names */
  double alpha[GL_MAX_LAYERS];
} ref_net;

static int ref_param_count(const ref_net *r) {
  int n = 0, in = r->inputs;
  for (int l = 0; l < r->nl; l++) { n += in * r->units[l] + r->units[l]; in = r->units[l]; }
  return n;
}

static double ref_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }
static double ref_softplus(double x) { return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)); }

/* f(x) for the element-wise activations, from the definitions in docs/API.md. */
static double ref_act(const char *name, double x, double alpha) {
  if (!strcmp(name, "linear")) return x;
  if (!strcmp(name, "step")) return x > 0 ? 1.0 : 0.0;
  if (!strcmp(name, "sigmoid")) return ref_sigmoid(x);
  if (!strcmp(name, "tanh")) return tanh(x);
  if (!strcmp(name, "relu")) return x > 0 ? x : 0.0;
  if (!strcmp(name, "leaky_relu")) return x > 0 ? x : alpha * x;
  if (!strcmp(name, "elu")) return x > 0 ? x : alpha * expm1(x);
  if (!strcmp(name, "selu")) return 1.0507009873554804934 * (x > 0 ? x : 1.6732632423543772848 * expm1(x));
  if (!strcmp(name, "softplus")) return ref_softplus(x);
  if (!strcmp(name, "softsign")) return x / (1.0 + fabs(x));
  if (!strcmp(name, "hard_sigmoid")) return fmin(fmax(x + 3.0, 0.0), 6.0) / 6.0;
  if (!strcmp(name, "swish")) return x * ref_sigmoid(x);
  if (!strcmp(name, "gelu")) return 0.5 * x * (1.0 + erf(x / sqrt(2.0)));
  if (!strcmp(name, "mish")) return x * tanh(ref_softplus(x));
  fprintf(stderr, "net_reference.h: no reference for activation '%s'\n", name);
  exit(2);
}

/* Output of the network for one sample x[inputs] -> out[units of the last layer]. */
static void ref_forward(const ref_net *r, const double *p, const float *x, double *out) {
  double buf[2][GL_MAX_UNITS];
  int in = r->inputs;
  for (int i = 0; i < in; i++) buf[0][i] = x[i];
  double *cur = buf[0], *nxt = buf[1];
  for (int l = 0; l < r->nl; l++) {
    int U = r->units[l];
    const double *W = p, *bias = p + (size_t)in * U;
    for (int o = 0; o < U; o++) {
      double z = bias[o];
      for (int i = 0; i < in; i++) z += cur[i] * W[(size_t)i * U + o];
      nxt[o] = z;
    }
    if (!strcmp(r->act[l], "softmax")) {
      double mx = -INFINITY, s = 0;
      for (int o = 0; o < U; o++) mx = fmax(mx, nxt[o]);
      for (int o = 0; o < U; o++) { nxt[o] = exp(nxt[o] - mx); s += nxt[o]; }
      for (int o = 0; o < U; o++) nxt[o] /= s;
    } else {
      for (int o = 0; o < U; o++) nxt[o] = ref_act(r->act[l], nxt[o], r->alpha[l]);
    }
    p += (size_t)in * U + U;
    in = U;
    double *t = cur; cur = nxt; nxt = t;
  }
  memcpy(out, cur, sizeof(double) * (size_t)in);
}

/* Batch-mean loss over n samples: BCE -mean_k[y log a + (1-y) log(1-a)],
 * CCE -sum_k y log a, MSE mean_k (a-y)^2. */
static double ref_loss(const ref_net *r, const double *p, const float *X, const float *Y, int n) {
  int K = r->units[r->nl - 1];
  double out[GL_MAX_UNITS], total = 0;
  for (int s = 0; s < n; s++) {
    ref_forward(r, p, X + (size_t)s * r->inputs, out);
    const float *y = Y + (size_t)s * K;
    double l = 0;
    for (int k = 0; k < K; k++) {
      double a = out[k], t = y[k];
      if (r->loss == GL_LOSS_BCE) l -= (t > 0 ? t * log(a) : 0) + (t < 1 ? (1 - t) * log(1 - a) : 0);
      else if (r->loss == GL_LOSS_CCE) l -= t > 0 ? t * log(a) : 0;
      else l += (a - t) * (a - t);
    }
    total += r->loss == GL_LOSS_CCE ? l : l / K;
  }
  return total / n;
}

/* Central differences in double: g[i] = (L(p + h e_i) - L(p - h e_i)) / 2h. */
static void ref_grad(const ref_net *r, const double *p0, const float *X, const float *Y, int n,
                     double h, double *g) {
  int P = ref_param_count(r);
  double *p = malloc(sizeof(double) * (size_t)P);
  memcpy(p, p0, sizeof(double) * (size_t)P);
  for (int i = 0; i < P; i++) {
    double w = p[i];
    p[i] = w + h; double lp = ref_loss(r, p, X, Y, n);
    p[i] = w - h; double lm = ref_loss(r, p, X, Y, n);
    p[i] = w;
    g[i] = (lp - lm) / (2 * h);
  }
  free(p);
}

/* Creates the gradlab network described by r (all kernels glorot_uniform,
 * biases 0) and returns its status. */
static int32_t ref_create(const ref_net *r, uint32_t seed, gl_net **net) {
  int32_t units[GL_MAX_LAYERS], acts[GL_MAX_LAYERS];
  float alphas[GL_MAX_LAYERS];
  for (int l = 0; l < r->nl; l++) {
    units[l] = r->units[l];
    acts[l] = gl_activation_lookup(r->act[l]);
    alphas[l] = (float)r->alpha[l];
  }
  return gl_net_create(net, r->inputs, r->nl, units, acts, alphas, NULL, NULL, NULL, NULL, r->loss, seed);
}

/* Test-side generator (splitmix64), independent of the library's PCG32. */
static uint64_t ref_rng_state = 0x243F6A8885A308D3ULL;
static double ref_uniform(void) {
  uint64_t z = (ref_rng_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}
static double ref_range(double lo, double hi) { return lo + (hi - lo) * ref_uniform(); }

#endif /* GL_NET_REFERENCE_H */

/*
 * test_gradcheck.c — gl_net_gradients against central differences of an
 * independent double-precision reference (net_reference.h), for every
 * activation (as all hidden layers, and as the output layer under MSE) x each
 * loss x three architectures (1, 3 and 6 hidden layers; batches of 7, 13, 5
 * samples, none a multiple of 4), plus one batch larger than the trainer's
 * chunk (accumulation over chunks).
 *
 * Tolerance, per parameter: |g - g_ref| <= RTOL |g_ref| + ATOL_REL max|g_ref|
 * + ATOL_ABS, the max taken over the same layer's kernel (or bias), so the
 * vanishing gradients in the lower layers of deep nets are checked at their
 * own scale: RTOL = 2e-4, ATOL_REL = 2e-5, ATOL_ABS = 2e-10 (the round-off
 * floor of the double central difference, h = 1e-5: ~1e-16 |L| / h).
 * Float32 trainer vs double reference; observed worst error ~1/10 of this.
 * step: f' = 0 almost everywhere, so every kernel and bias gradient of the
 * step layers and of all layers below them must be exactly 0.
 */
#include "net_reference.h"

#define RTOL 2e-4
#define ATOL_REL 2e-5
#define ATOL_ABS 2e-10

static double worst_ratio = 0.0; /* max over checks of |err| / tolerance */
static int checked_nets = 0;

static void fill_data(const ref_net *r, int n, float *X, float *Y) {
  int K = r->units[r->nl - 1];
  for (int i = 0; i < n * r->inputs; i++) X[i] = (float)ref_range(-1.5, 1.5);
  for (int s = 0; s < n; s++) {
    float *y = Y + (size_t)s * K;
    if (r->loss == GL_LOSS_BCE) {
      for (int k = 0; k < K; k++) y[k] = s % 5 == 4 ? (float)ref_range(0, 1) : (float)(ref_uniform() < 0.5);
    } else if (r->loss == GL_LOSS_CCE) {
      for (int k = 0; k < K; k++) y[k] = 0;
      if (s % 6 == 5) { /* a soft label that does not sum to 1 */
        for (int k = 0; k < K; k++) y[k] = (float)ref_range(0, 0.6);
      } else {
        y[(int)(ref_uniform() * K) % K] = 1;
      }
    } else {
      for (int k = 0; k < K; k++) y[k] = (float)ref_range(-1, 1);
    }
  }
}

/* Index of the lowest layer whose activation and all layers above up to the
 * output pass no gradient: returns the highest layer index l with act "step"
 * (all layers <= l get exactly zero gradient), or -1. */
static int highest_step(const ref_net *r) {
  int h = -1;
  for (int l = 0; l < r->nl; l++) if (!strcmp(r->act[l], "step")) h = l;
  return h;
}

static void check_net(const ref_net *r, int n, const char *label) {
  gl_net *net = NULL;
  int32_t st = ref_create(r, 7u + (uint32_t)checked_nets, &net);
  CHECK(st == GL_OK, "%s: create -> %d", label, st);
  if (st != GL_OK) return;
  checked_nets++;
  int P = gl_net_param_count(net);
  CHECK(P == ref_param_count(r), "%s: param count %d, expected %d", label, P, ref_param_count(r));
  /* the documented layout: kernel then bias, layer after layer */
  int off = 0, in = r->inputs;
  for (int l = 0; l < r->nl; l++) {
    CHECK(gl_net_kernel_offset(net, l) == off, "%s: kernel offset of layer %d", label, l);
    off += in * r->units[l];
    CHECK(gl_net_bias_offset(net, l) == off, "%s: bias offset of layer %d", label, l);
    off += r->units[l];
    in = r->units[l];
  }
  /* random parameters, biases included, set through the arena */
  float *params = gl_net_params(net);
  double *p = malloc(sizeof(double) * (size_t)P), *g = malloc(sizeof(double) * (size_t)P);
  in = r->inputs;
  for (int l = 0, k = 0; l < r->nl; l++) {
    double lim = 1.6 / sqrt((double)in);
    for (int i = 0; i < in * r->units[l]; i++, k++) params[k] = (float)ref_range(-lim, lim);
    for (int i = 0; i < r->units[l]; i++, k++) params[k] = (float)ref_range(-0.4, 0.4);
    in = r->units[l];
  }
  for (int i = 0; i < P; i++) p[i] = params[i];
  int K = r->units[r->nl - 1];
  float *X = malloc(sizeof(float) * (size_t)n * r->inputs), *Y = malloc(sizeof(float) * (size_t)n * K);
  fill_data(r, n, X, Y);

  float *before = malloc(sizeof(float) * (size_t)P);
  memcpy(before, params, sizeof(float) * (size_t)P);
  float loss = NAN;
  st = gl_net_gradients(net, X, Y, n, &loss);
  CHECK(st == GL_OK, "%s: gradients -> %d", label, st);
  CHECK(memcmp(before, gl_net_params(net), sizeof(float) * (size_t)P) == 0, "%s: weights changed", label);
  double lref = ref_loss(r, p, X, Y, n);
  CHECK(fabs(loss - lref) <= 1e-5 * fabs(lref) + 1e-6, "%s: loss %.9g vs reference %.9g", label, loss, lref);

  ref_grad(r, p, X, Y, n, 1e-5, g);
  const float *gr = gl_net_grads(net);
  /* scale of each parameter's tensor: max |g_ref| over its kernel or bias */
  double *scale = malloc(sizeof(double) * (size_t)P);
  for (int l = 0, k = 0; l < r->nl; l++) {
    int in_l = l ? r->units[l - 1] : r->inputs;
    int sizes[2] = {in_l * r->units[l], r->units[l]};
    for (int t = 0; t < 2; t++) {
      double mx = 0;
      for (int i = 0; i < sizes[t]; i++) mx = fmax(mx, fabs(g[k + i]));
      for (int i = 0; i < sizes[t]; i++) scale[k + i] = mx;
      k += sizes[t];
    }
  }
  int step_top = highest_step(r);
  int zero_end = step_top >= 0 ? gl_net_bias_offset(net, step_top) + r->units[step_top] : 0;
  int bad = 0;
  for (int i = 0; i < P; i++) {
    if (i < zero_end) { /* at or below a step layer: exactly zero */
      if (gr[i] != 0.0f && bad++ < 3) CHECK(0, "%s: param %d: gradient %g below a step layer is not 0", label, i, gr[i]);
      continue;
    }
    double tol = RTOL * fabs(g[i]) + ATOL_REL * scale[i] + ATOL_ABS, err = fabs(gr[i] - g[i]);
    if (err / tol > worst_ratio) worst_ratio = err / tol;
    if (!(err <= tol) && bad++ < 3)
      CHECK(0, "%s: param %d of %d: gradient %.9g, reference %.9g (tol %.3g)", label, i, P, gr[i], g[i], tol);
  }
  /* not trivially zero: a non-step net must get gradient in its first layer */
  if (step_top < 0) {
    double first = 0;
    for (int i = 0; i < r->inputs * r->units[0]; i++) first = fmax(first, fabs(gr[i]));
    CHECK(first > 0, "%s: first-layer gradient is zero", label);
  } else {
    double above = 0;
    for (int i = zero_end; i < P; i++) above = fmax(above, fabs(gr[i]));
    CHECK(above > 0 || step_top == r->nl - 1, "%s: no gradient above the step layer", label);
  }
  if (failures && bad) fprintf(stderr, "  (%s: %d bad entries)\n", label, bad);
  free(scale); free(before); free(X); free(Y); free(p); free(g);
  gl_net_destroy(net);
}

int main(void) {
  static const int arch_hidden[3][7] = {{5}, {6, 3, 9}, {9, 4, 7, 5, 6, 3}};
  static const int arch_depth[3] = {1, 3, 6};
  static const int arch_inputs[3] = {3, 4, 2};
  static const int arch_batch[3] = {7, 13, 5};
  static const char *loss_name[3] = {"bce", "cce", "mse"};
  int nact = gl_activation_count();
  CHECK(nact >= 15, "activation count %d", nact);
  for (int act = 0; act < nact; act++) {
    const char *name = gl_activation_name(act);
    float adef = gl_activation_param_count(act) ? gl_activation_param_default(act) : NAN;
    for (int loss = 0; loss < GL_LOSS_COUNT; loss++) {
      for (int a = 0; a < 3; a++) {
        ref_net r;
        memset(&r, 0, sizeof r);
        r.inputs = arch_inputs[a];
        r.loss = loss;
        r.nl = arch_depth[a] + 1;
        for (int l = 0; l < arch_depth[a]; l++) {
          r.units[l] = arch_hidden[a][l];
          snprintf(r.act[l], sizeof r.act[l], "%s", name);
          r.alpha[l] = adef;
        }
        int o = arch_depth[a];
        if (loss == GL_LOSS_BCE) { r.units[o] = a == 1 ? 2 : 1; snprintf(r.act[o], 16, "sigmoid"); }
        else if (loss == GL_LOSS_CCE) { r.units[o] = 3; snprintf(r.act[o], 16, "softmax"); }
        else { r.units[o] = 2; snprintf(r.act[o], 16, "%s", name); r.alpha[o] = adef; }
        char label[96];
        snprintf(label, sizeof label, "%s/%s/%d hidden", name, loss_name[loss], arch_depth[a]);
        check_net(&r, arch_batch[a], label);
      }
    }
  }
  /* a non-default alpha is honoured */
  {
    ref_net r = {.inputs = 3, .nl = 3, .loss = GL_LOSS_MSE, .units = {6, 5, 1}};
    snprintf(r.act[0], 16, "leaky_relu"); r.alpha[0] = 0.3;
    snprintf(r.act[1], 16, "elu"); r.alpha[1] = 0.5;
    snprintf(r.act[2], 16, "linear");
    check_net(&r, 9, "leaky_relu(0.3)/elu(0.5)/mse");
  }
  /* more samples than one chunk: gradients accumulate over chunks */
  {
    ref_net r = {.inputs = 2, .nl = 3, .loss = GL_LOSS_BCE, .units = {7, 5, 1}};
    snprintf(r.act[0], 16, "tanh"); snprintf(r.act[1], 16, "relu"); snprintf(r.act[2], 16, "sigmoid");
    check_net(&r, 601, "tanh-relu/bce/601 samples");
  }
  printf("gradcheck: %d networks, worst error / tolerance = %.3f, %ld failures\n", checked_nets, worst_ratio,
         failures);
  return failures ? 1 : 0;
}

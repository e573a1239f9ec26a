/*
 * fuzz_network.c — libFuzzer harness for network specs and everything done
 * with a network: gl_net_create with arbitrary layer arrays (counts, units,
 * activation ids, alphas, initialiser ids and parameters, bias values, loss,
 * seed), then gl_net_set_optimizer, gl_net_predict, gl_net_gradients,
 * gl_net_evaluate and gl_net_train_epoch (every other epoch
 * gl_net_train_epoch_full, whose histograms must add up to each count) on
 * fuzzed data and targets, with the
 * weights optionally overwritten by fuzzed floats (NaN, inf, denormals, huge).
 *
 * Sizes come in two modes: small (cheap nets that get trained) and raw (any
 * int: negative, zero, past the limits, overflowing products). A raw spec
 * that breaks a limit of gradlab.h must be refused — with arrays that are
 * exactly nlayers long, so ASan also sees a read past them. A valid raw spec
 * too large to train quickly (> FZ_PARAM_BUDGET floats) is skipped. One input
 * in eight has more samples (and batches) than one chunk of the trainer.
 *
 * Checked beyond "no crash, no sanitizer report":
 *  - every return value is a gl_status; specs past the limits are refused;
 *  - a created net reports the spec back (inputs, outputs, layers, param
 *    count = Σ (in+1)·out, offsets inside the arena) and its initial weights
 *    are finite;
 *  - predictions: sigmoid outputs in [0,1], softmax rows sum to 1;
 *  - train_epoch: GL_OK leaves finite weights, a finite loss, accuracy and
 *    per-layer fractions in [0,1]; GL_ERR_DIVERGED leaves the weights finite
 *    when they were finite before; gl_net_gradients leaves the weights as
 *    they were (bit for bit);
 *  - evaluate: accuracy in [0,1].
 */
#include <stdlib.h>

#include "fuzz_common.h"

#define FZ_PARAM_BUDGET 20000
#define FZ_MAX_SAMPLES 96
#define FZ_MAX_SAMPLES_BIG 700

static int g_sigmoid = -2, g_softmax = -2;

static void check_outputs(int out_act, const float *out, int n, int outputs) {
  for (int i = 0; i < n; i++) {
    const float *o = out + (size_t)i * outputs;
    if (out_act == g_sigmoid) {
      for (int j = 0; j < outputs; j++)
        FZ_CHECK(isnan(o[j]) || (o[j] >= 0.0f && o[j] <= 1.0f),
                 "sigmoid output %a", (double)o[j]);
    } else if (out_act == g_softmax && fz_finite_all(o, (size_t)outputs)) {
      double s = 0;
      for (int j = 0; j < outputs; j++) {
        FZ_CHECK(o[j] >= 0.0f && o[j] <= 1.0f, "softmax output %a", (double)o[j]);
        s += o[j];
      }
      FZ_CHECK(fabs(s - 1.0) < 1e-4, "softmax outputs sum to %.9g", s);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (g_sigmoid == -2) {
    g_sigmoid = gl_activation_lookup("sigmoid");
    g_softmax = gl_activation_lookup("softmax");
  }
  fz f = {data, size};
  uint8_t mode = fz_u8(&f);
  int raw = mode >= 224; /* 1 in 8 inputs: raw sizes */

  int inputs = raw ? (int32_t)fz_u32(&f) : 1 + fz_u8(&f) % 6;
  int nlayers = raw ? (int8_t)fz_u8(&f) : 1 + fz_u8(&f) % 6;
  int alen = nlayers > 0 ? nlayers : 1;

  int32_t *units = malloc(sizeof(int32_t) * alen);
  int32_t *acts = malloc(sizeof(int32_t) * alen);
  int32_t *inits = malloc(sizeof(int32_t) * alen);
  float *alphas = malloc(sizeof(float) * alen);
  float *ia = malloc(sizeof(float) * alen);
  float *ib = malloc(sizeof(float) * alen);
  float *bias = malloc(sizeof(float) * alen);
  gl_net *net = NULL;
  float *X = NULL, *Y = NULL, *out = NULL, *stats = NULL, *saved = NULL;
  if (!units || !acts || !inits || !alphas || !ia || !ib || !bias) goto done;

  for (int l = 0; l < alen; l++) {
    units[l] = raw ? (int32_t)fz_u32(&f) : 1 + fz_u8(&f) % 6;
    uint8_t a = fz_u8(&f);
    acts[l] = a < 240 ? a % GL_ACT_COUNT : (int8_t)fz_u8(&f) * 3;
    alphas[l] = fz_bool(&f) ? NAN : fz_param(&f);
    uint8_t in = fz_u8(&f);
    inits[l] = in < 240 ? in % GL_INIT_COUNT : (int8_t)fz_u8(&f);
    ia[l] = fz_param(&f);
    ib[l] = fz_param(&f);
    if (fz_bool(&f)) ia[l] = -ia[l];
    bias[l] = fz_u8(&f) < 200 ? 0.0f : fz_param(&f);
  }
  uint8_t ls = fz_u8(&f);
  int loss = ls < 240 ? ls % GL_LOSS_COUNT : (int8_t)fz_u8(&f);
  uint32_t seed = fz_u32(&f);

  /* what gradlab.h's limits say about this spec */
  int64_t params = 0;
  int over = inputs <= 0 || inputs > GL_MAX_UNITS || nlayers <= 0 ||
             nlayers > GL_MAX_LAYERS;
  if (!over) {
    int64_t fan_in = inputs;
    for (int l = 0; l < nlayers; l++) {
      if (units[l] <= 0 || units[l] > GL_MAX_UNITS) over = 1;
      if (over) break;
      params += (fan_in + 1) * units[l];
      fan_in = units[l];
    }
    if (params > GL_MAX_PARAMS) over = 1;
  }
  if (!over && params > FZ_PARAM_BUDGET) goto done; /* valid but slow */

  int32_t st = gl_net_create(&net, inputs, nlayers, units, acts, alphas, inits,
                             ia, ib, bias, loss, seed);
  FZ_CHECK_STATUS(st);
  if (over) {
    FZ_CHECK(st != GL_OK, "spec past the limits accepted (inputs %d, %d layers, %lld params)",
             inputs, nlayers, (long long)params);
    goto done;
  }
  if (st != GL_OK) {
    net = NULL;
    goto done;
  }

  /* the net reports its spec back */
  int outputs = units[nlayers - 1];
  int out_act = acts[nlayers - 1];
  FZ_CHECK(gl_net_inputs(net) == inputs, "inputs %d", gl_net_inputs(net));
  FZ_CHECK(gl_net_outputs(net) == outputs, "outputs %d", gl_net_outputs(net));
  FZ_CHECK(gl_net_layer_count(net) == nlayers, "layers %d", gl_net_layer_count(net));
  FZ_CHECK(gl_net_param_count(net) == params, "param count %d, expected %lld",
           gl_net_param_count(net), (long long)params);
  {
    int64_t fan_in = inputs;
    for (int l = 0; l < nlayers; l++) {
      int k = gl_net_kernel_offset(net, l), b = gl_net_bias_offset(net, l);
      FZ_CHECK(k >= 0 && k + fan_in * units[l] <= params && b >= 0 &&
                   b + units[l] <= params,
               "layer %d offsets %d, %d outside %lld params", l, k, b,
               (long long)params);
      fan_in = units[l];
    }
  }
  float *P = gl_net_params(net);
  FZ_CHECK(P != NULL && gl_net_grads(net) != NULL, "null arena");
  FZ_CHECK(fz_finite_all(P, (size_t)params), "initial weights not finite");

  /* optionally overwrite some weights with fuzzed floats */
  int weights_finite = 1;
  if (fz_u8(&f) >= 192) {
    int k = 1 + fz_u8(&f) % 8;
    for (int i = 0; i < k; i++) {
      uint16_t at = fz_u16(&f);
      P[at % params] = fz_float(&f);
    }
    weights_finite = fz_finite_all(P, (size_t)params);
  }

  /* optimiser */
  uint8_t os = fz_u8(&f);
  int otype = os < 240 ? os % GL_OPT_COUNT : (int8_t)fz_u8(&f);
  float lr = fz_param(&f), mom = fz_param(&f), b1 = fz_param(&f),
        b2 = fz_param(&f), eps = fz_param(&f);
  int nesterov = fz_bool(&f);
  float l1 = fz_u8(&f) < 200 ? 0.0f : fz_param(&f);
  float l2 = fz_u8(&f) < 200 ? 0.0f : fz_param(&f);
  if (fz_bool(&f)) { /* mostly sane values */
    lr = lr / 100.0f;
    mom = fminf(mom / 3.0f, 0.99f);
    b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
  }
  int opt_st = gl_net_set_optimizer(net, otype, lr, mom, nesterov, b1, b2, eps, l1, l2);
  FZ_CHECK_STATUS(opt_st);
  if (otype < 0 || otype >= GL_OPT_COUNT)
    FZ_CHECK(opt_st != GL_OK, "optimiser %d accepted", otype);

  /* data */
  /* 1 in 8: more samples than one chunk of the trainer (GL_NET_CHUNK = 256) */
  uint8_t ns = fz_u8(&f);
  int big = ns >= 224;
  int n = big ? 1 + fz_u16(&f) % FZ_MAX_SAMPLES_BIG : 1 + ns % FZ_MAX_SAMPLES;
  X = malloc(sizeof(float) * (size_t)n * inputs);
  Y = malloc(sizeof(float) * (size_t)n * outputs);
  out = malloc(sizeof(float) * (size_t)n * outputs);
  stats = malloc(sizeof(float) * (GL_EPOCH_HEAD + (size_t)nlayers * GL_LAYER_STATS));
  saved = malloc(sizeof(float) * (size_t)params);
  if (!X || !Y || !out || !stats || !saved) goto done;
  int xmode = fz_u8(&f);
  for (int i = 0; i < n * inputs; i++)
    X[i] = xmode < 200 ? (float)(int8_t)fz_u8(&f) / 64.0f : fz_float(&f);
  int ymode = fz_u8(&f);
  for (int i = 0; i < n; i++) {
    uint8_t c = fz_u8(&f);
    for (int j = 0; j < outputs; j++) {
      float v;
      if (ymode < 200) /* valid labels for the loss */
        v = outputs == 1 ? (float)(c & 1) : (float)(j == c % outputs);
      else
        v = fz_float(&f);
      Y[(size_t)i * outputs + j] = v;
    }
  }

  st = gl_net_predict(net, X, n, out);
  FZ_CHECK_STATUS(st);
  if (st == GL_OK) check_outputs(out_act, out, n, outputs);

  memcpy(saved, P, sizeof(float) * (size_t)params);
  float lossv = 0;
  st = gl_net_gradients(net, X, Y, n, &lossv);
  FZ_CHECK_STATUS(st);
  P = gl_net_params(net);
  FZ_CHECK(memcmp(saved, P, sizeof(float) * (size_t)params) == 0,
           "gl_net_gradients changed the weights");

  float acc = -1;
  st = gl_net_evaluate(net, X, Y, n, &lossv, &acc);
  FZ_CHECK_STATUS(st);
  if (st == GL_OK) FZ_CHECK(acc >= 0.0f && acc <= 1.0f, "accuracy %a", (double)acc);

  if (opt_st == GL_OK) {
    int epochs = 1 + fz_u8(&f) % 3;
    uint8_t bs = fz_u8(&f);
    int batch = bs < 240 ? 1 + bs % (big ? 700 : 40) : (int16_t)fz_u16(&f);
    int shuffle = fz_bool(&f);
    /* every other epoch with the 'full' statistics (the same training) */
    float *dist = malloc(sizeof(float) * (size_t)gl_net_dist_floats(net));
    for (int e = 0; e < epochs; e++) {
      int was_finite = fz_finite_all(gl_net_params(net), (size_t)params);
      const int full = dist && (e & 1);
      st = full ? gl_net_train_epoch_full(net, X, Y, n, batch, shuffle, stats, dist, 1)
                : gl_net_train_epoch(net, X, Y, n, batch, shuffle, stats);
      FZ_CHECK_STATUS(st);
      P = gl_net_params(net);
      if (batch <= 0 || batch > GL_MAX_BATCH)
        FZ_CHECK(st != GL_OK, "batch %d accepted", batch);
      if (st == GL_OK) {
        FZ_CHECK(fz_finite_all(P, (size_t)params),
                 "GL_OK with non-finite weights (optimiser %d lr %a)", otype, (double)lr);
        FZ_CHECK(isfinite(stats[0]), "GL_OK with loss %a (loss id %d, out %s, "
                 "optimiser %d lr %a, %d samples, batch %d, targets %s)",
                 (double)stats[0], loss, gl_activation_name(out_act), otype,
                 (double)lr, n, batch, ymode < 200 ? "labels" : "raw floats");
        FZ_CHECK(stats[1] >= 0.0f && stats[1] <= 1.0f, "epoch accuracy %a",
                 (double)stats[1]);
        FZ_CHECK(stats[2] >= 1.0f, "%a batches", (double)stats[2]);
        for (int l = 0; l < nlayers; l++) {
          const float *s = stats + GL_EPOCH_HEAD + l * GL_LAYER_STATS;
          FZ_CHECK(s[0] >= 0.0f && isfinite(s[0]), "layer %d gradMeanAbs %a", l,
                   (double)s[0]);
          FZ_CHECK(s[2] >= 0.0f && s[2] <= 1.0f, "layer %d deadFraction %a", l,
                   (double)s[2]);
          FZ_CHECK(s[3] >= 0.0f && s[3] <= 1.0f, "layer %d saturatedFraction %a",
                   l, (double)s[3]);
        }
        if (full) { /* every quantity counted its values; histograms add up */
          const float *d = dist;
          for (int l = 0; l < nlayers; l++) {
            const int32_t u = units[l];
            for (int q = 0; q < GL_DIST_QUANTITIES; q++) {
              const float *o = d + GL_DIST_LAYER_HEAD + q * GL_DIST_QFLOATS;
              double lin = o[GL_DIST_UNDER] + o[GL_DIST_OVER], lg = o[GL_DIST_LOG_ZERO] + o[GL_DIST_LOG_OVER];
              for (int k = 0; k < GL_DIST_BINS; k++) lin += o[GL_DIST_FIELDS + GL_DIST_PERCENTILES + k];
              for (int k = 0; k < GL_DIST_LOG_BINS; k++) lg += o[GL_DIST_FIELDS + GL_DIST_PERCENTILES + GL_DIST_BINS + k];
              FZ_CHECK(o[GL_DIST_COUNT] >= 1.0f && lin == o[GL_DIST_COUNT] && lg == o[GL_DIST_COUNT],
                       "layer %d quantity %d: count %a, histograms %g and %g", l, q, (double)o[GL_DIST_COUNT], lin, lg);
            }
            d += GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS + GL_DIST_UNIT_STATS * u;
          }
        }
      } else {
        if (st == GL_ERR_DIVERGED && was_finite)
          FZ_CHECK(fz_finite_all(P, (size_t)params),
                   "GL_ERR_DIVERGED left non-finite weights");
        break;
      }
    }
    free(dist);
    (void)weights_finite;
    st = gl_net_evaluate(net, X, Y, n, &lossv, &acc);
    FZ_CHECK_STATUS(st);
    if (st == GL_OK) FZ_CHECK(acc >= 0.0f && acc <= 1.0f, "accuracy %a", (double)acc);
    st = gl_net_predict(net, X, n, out);
    FZ_CHECK_STATUS(st);
    if (st == GL_OK) check_outputs(out_act, out, n, outputs);
  }

  /* calls with bad arguments on a live net fail cleanly */
  FZ_CHECK(gl_net_predict(net, X, -1, out) != GL_OK, "predict n = -1 accepted");
  FZ_CHECK(gl_net_predict(net, NULL, n, out) != GL_OK, "predict X = NULL accepted");
  FZ_CHECK(gl_net_predict(NULL, X, n, out) != GL_OK, "predict net = NULL accepted");
  FZ_CHECK(gl_net_evaluate(net, X, Y, -5, &lossv, &acc) != GL_OK,
           "evaluate n = -5 accepted");

done:
  if (net) gl_net_destroy(net);
  free(units);
  free(acts);
  free(inits);
  free(alphas);
  free(ia);
  free(ib);
  free(bias);
  free(X);
  free(Y);
  free(out);
  free(stats);
  free(saved);
  return 0;
}

/*
 * gradlab.h — the public C API of gradlab, and the exports of gradlab.wasm.
 *
 * Every function that can fail returns a gl_status (0 = GL_OK). Nothing here
 * prints, exits or aborts. Arrays are float32, sizes are int32 (the wasm ABI),
 * pointers are caller-owned unless a function says otherwise.
 *
 * Layouts:
 *  - data X is sample-major: X[n][inputs]; targets Y[n][outputs].
 *  - a dense layer's kernel is row-major [in][out] (as Keras), bias [out].
 *  - all parameters of a network live in one arena; layer l's kernel starts at
 *    gl_net_kernel_offset(net, l) and its bias at gl_net_bias_offset(net, l)
 *    (offsets in floats from gl_net_params(net)).
 */
#ifndef GRADLAB_H
#define GRADLAB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__EMSCRIPTEN__) || defined(__wasm__)
#define GL_API __attribute__((used, visibility("default")))
#else
#define GL_API __attribute__((visibility("default")))
#endif

/* ---- status codes ------------------------------------------------------ */
#define GL_STATUS_LIST(X)                                                     \
  X(GL_OK, 0, "ok")                                                           \
  X(GL_ERR_NULL, 1, "a required pointer is null")                             \
  X(GL_ERR_ACTIVATION, 2, "unknown activation id")                            \
  X(GL_ERR_PARAM, 3, "parameter is not finite or out of range")               \
  X(GL_ERR_SIZE, 4, "size is zero, negative or above the limit")              \
  X(GL_ERR_NOMEM, 5, "out of memory")                                         \
  X(GL_ERR_INIT, 6, "unknown initialiser id")                                 \
  X(GL_ERR_LOSS, 7, "unknown loss id")                                        \
  X(GL_ERR_OPTIMIZER, 8, "unknown optimiser id")                              \
  X(GL_ERR_DATA, 9, "input data or targets contain NaN or infinity")          \
  X(GL_ERR_DIVERGED, 10, "training diverged: loss or weights became NaN or infinite") \
  X(GL_ERR_LAYER, 11, "layer index out of range")                             \
  X(GL_ERR_DATASET, 12, "unknown dataset id")                                 \
  X(GL_ERR_OUTPUT, 13, "output activation does not fit the loss")             \
  X(GL_ERR_LABEL, 14, "target out of range for the loss")

typedef enum gl_status {
#define GL_X_(name, code, msg) name = code,
  GL_STATUS_LIST(GL_X_)
#undef GL_X_
  GL_STATUS_COUNT_
} gl_status;

/* Static English message for a status code ("unknown status" otherwise). */
GL_API const char *gl_status_message(int32_t status);

/* ---- limits (checked before any allocation; one row each in limits.def) -- */
enum {
#define GL_LIMIT(id, js_name, value, what) id = (value),
#include "limits.def"
#undef GL_LIMIT
};

/* Kinds and flags of the option rows of the .def tables (optimizers.def,
 * datasets.def): how the JS side checks a value and fills in its default. */
enum { GL_PARAM_NUM = 0, GL_PARAM_INT = 1, GL_PARAM_BOOL = 2 };
enum { GL_PARAM_MIN_OPEN = 1, GL_PARAM_MAX_OPEN = 2 };

/* ---- activations (one row per activation in activations.def) ----------- */
typedef enum gl_activation {
#define GL_ACTIVATION(id, name, ...) id,
#include "activations.def"
#undef GL_ACTIVATION
  GL_ACT_COUNT
} gl_activation;

/* Parameters of a parametric activation (leaky_relu alpha, elu alpha).
 * Activations without parameters ignore it; NULL means the defaults. */
typedef struct gl_act_params {
  float alpha;
} gl_act_params;

/* Which implementation of a kernel to run. */
enum { GL_IMPL_SIMD = 0, GL_IMPL_SCALAR = 1 };

GL_API int32_t gl_activation_count(void);
/* Name string of activation id ("relu", ...), NULL if out of range. */
GL_API const char *gl_activation_name(int32_t act);
/* Id of a name, or -1. */
GL_API int32_t gl_activation_lookup(const char *name);
/* Number of parameters (0 or 1) and the default value of the parameter. */
GL_API int32_t gl_activation_param_count(int32_t act);
GL_API float gl_activation_param_default(int32_t act);

/* y[i] = f(x[i]) for i < n; x == y (in place) is allowed. alpha is used by
 * parametric activations only (pass NaN for the default). For softmax, x is
 * rows×cols with cols = n / rows given by gl_softmax; gl_activate treats the
 * whole array as one row. */
GL_API int32_t gl_activate(int32_t act, int32_t impl, const float *x, float *y,
                           int32_t n, float alpha);
/* y[i] = f'(x[i]) (derivative with respect to the input). For softmax: the
 * diagonal of the Jacobian, s_i (1 - s_i), of the whole array as one row. */
GL_API int32_t gl_derivative(int32_t act, int32_t impl, const float *x, float *y,
                             int32_t n, float alpha);
/* Row-wise softmax of x[rows][cols] into y (in place allowed). */
GL_API int32_t gl_softmax(const float *x, float *y, int32_t rows, int32_t cols);

/* ---- random numbers ---------------------------------------------------- */
/* PCG32 (O'Neill): 64-bit state, 32-bit output. Deterministic everywhere. */
typedef struct gl_rng { uint64_t state, inc; } gl_rng;
void gl_rng_seed(gl_rng *r, uint64_t seed, uint64_t stream);
uint32_t gl_rng_u32(gl_rng *r);
double gl_rng_uniform(gl_rng *r);          /* [0, 1), 53 bits */
double gl_rng_normal(gl_rng *r);           /* standard normal (Box-Muller, no caching) */
uint32_t gl_rng_below(gl_rng *r, uint32_t bound); /* unbiased in [0, bound) */

/* ---- datasets ---------------------------------------------------------- */
/* Two-class 2-D sets and the multi-class spiral/gauss, as sklearn where it
 * has them. X[n][2] scaled by min-max over all points to [-1, 1] when scale
 * is non-zero; y[n] holds class labels 0 .. classes-1 as floats. The
 * regression sets (GL_DATASET_VALUE rows: plane, multigauss, sine) write
 * X[n][inputs] (the row's inputs) and a real value per point in y. */
enum { /* one row each in datasets.def: p1 = noise, p2 = factor (circles),
        * classes (spiral, gauss) */
  GL_DATA_ALL = -1, /* in datasets.def: an option of every set */
#define GL_DATASET(id, name) id,
#include "datasets.def"
#undef GL_DATASET
  GL_DATA_COUNT
};
GL_API int32_t gl_dataset(int32_t kind, int32_t n, float p1, float p2,
                          int32_t classes, uint32_t seed, int32_t scale,
                          float *X, float *y);

/* ---- networks ---------------------------------------------------------- */
enum { /* initialisers (Keras' formulas): one row each in initializers.def */
#define GL_INITIALIZER(id, name) id,
#include "initializers.def"
#undef GL_INITIALIZER
  GL_INIT_COUNT
};
enum { /* normalisations: GL_NORM rows of layers.def */
  GL_NORM_ALL = -1, /* in layers.def: a parameter of every norm */
#define GL_NORM(id, name) id,
#include "layers.def"
#undef GL_NORM
  GL_NORM_COUNT
};
/* A layer's options beyond units, activation and initialiser: the floats of
 * gl_net_create_ex's layer_opts, GL_LAYER_OPTS per layer in this order
 * (ranges and defaults: layers.def, initializers.def GL_INIT_GAIN):
 *  norm      GL_NORM_* id (0 none)
 *  eps       added to the variance of the norm
 *  momentum  batch norm's running statistics: r = (1 - momentum) r + momentum batch
 *  residual  k >= 1: the output of layer l - k (k = l + 1: the network input)
 *            is added to this layer's output; 0: none
 *  dropout   rate of inverted dropout after the activation (training only)
 *  gain      multiplies the initialiser's limit or standard deviation */
#define GL_LAYER_OPT_LIST(X)                                                  \
  X(GL_LOPT_NORM, "norm") X(GL_LOPT_EPS, "eps") X(GL_LOPT_MOMENTUM, "momentum") \
  X(GL_LOPT_RESIDUAL, "residual") X(GL_LOPT_DROPOUT, "dropout") X(GL_LOPT_GAIN, "gain")
enum {
#define GL_X_(id, js_name) id,
  GL_LAYER_OPT_LIST(GL_X_)
#undef GL_X_
  GL_LAYER_OPTS
};
enum { /* one row each in losses.def */
#define GL_LOSS(id, name, output, min_outputs) id,
#include "losses.def"
#undef GL_LOSS
  GL_LOSS_COUNT
};
enum { /* one row each in optimizers.def */
#define GL_OPTIMIZER(id, name) id,
#include "optimizers.def"
#undef GL_OPTIMIZER
  GL_OPT_COUNT
};
enum { /* learning-rate schedules: GL_SCHEDULE rows of optimizers.def */
  GL_SCHED_ALL = -1, /* in optimizers.def: an option of every schedule */
#define GL_OPTIMIZER(id, name)
#define GL_SCHEDULE(id, name) id,
#include "optimizers.def"
#undef GL_SCHEDULE
#undef GL_OPTIMIZER
  GL_SCHED_COUNT
};

/* Per-layer statistics of one epoch, GL_LAYER_STATS floats per layer, in
 * this order (X(id, js_name, what)); the JS names are the fields of
 * history[e].layers[l]:
 *  gradMeanAbs      mean over the kernel of |dL/dW|, averaged over batches
 *  gradNorm         L2 norm of the kernel gradient, averaged over batches
 *  deadFraction     fraction of units whose activation derivative was 0 for
 *                   every sample of the epoch (dead ReLU units)
 *  saturatedFraction fraction of units whose activation derivative stayed
 *                   below 1% of its maximum for every sample (saturated units)
 *  biasGradMeanAbs  mean |dL/db| averaged over batches
 *  weightMeanAbs    mean |W| at the end of the epoch
 *  deadShare        fraction of the epoch's (sample, unit) pairs with f' = 0
 *  saturatedShare   fraction of the epoch's (sample, unit) pairs with |f'|
 *                   below 1% of its maximum (what the eye sees: a tanh layer
 *                   whose units sit near ±1 on most samples)
 *  gammaGradMeanAbs mean |dL/dgamma| of the layer's normalisation, averaged
 *                   over batches (0 for a layer without norm)
 *  betaGradMeanAbs  mean |dL/dbeta|, the same way
 * (f' is taken at the activation's input: after the normalisation.) */
#define GL_LAYER_STAT_LIST(X)                                                 \
  X(GL_STAT_GRAD_MEAN_ABS, "gradMeanAbs")                                     \
  X(GL_STAT_GRAD_NORM, "gradNorm")                                            \
  X(GL_STAT_DEAD_FRACTION, "deadFraction")                                    \
  X(GL_STAT_SATURATED_FRACTION, "saturatedFraction")                          \
  X(GL_STAT_BIAS_GRAD_MEAN_ABS, "biasGradMeanAbs")                            \
  X(GL_STAT_WEIGHT_MEAN_ABS, "weightMeanAbs")                                \
  X(GL_STAT_DEAD_SHARE, "deadShare")                                          \
  X(GL_STAT_SATURATED_SHARE, "saturatedShare")                                \
  X(GL_STAT_GAMMA_GRAD_MEAN_ABS, "gammaGradMeanAbs")                          \
  X(GL_STAT_BETA_GRAD_MEAN_ABS, "betaGradMeanAbs")
enum {
#define GL_X_(id, js_name) id,
  GL_LAYER_STAT_LIST(GL_X_)
#undef GL_X_
  GL_LAYER_STATS
};
/* Epoch header, before the layers: */
#define GL_EPOCH_HEAD_LIST(X)                                                 \
  X(GL_EPOCH_LOSS, "loss")         /* mean data loss over the epoch's batches (no penalty) */ \
  X(GL_EPOCH_ACCURACY, "accuracy") /* mean accuracy over the epoch's batches */ \
  X(GL_EPOCH_BATCHES, "batches")   /* batches trained */
enum {
#define GL_X_(id, js_name) id,
  GL_EPOCH_HEAD_LIST(GL_X_)
#undef GL_X_
  GL_EPOCH_HEAD
};

/* ---- distributions of an epoch ('full' statistics, dist_stats.c) ---------
 * The levels of a training call's statistics: basic = GL_EPOCH_HEAD +
 * GL_LAYER_STATS floats per layer (gl_net_train_epoch); full = those and the
 * distributions below (gl_net_train_epoch_full). */
#define GL_STATS_LEVEL_LIST(X)                                                \
  X(GL_STATS_BASIC, "basic")                                                  \
  X(GL_STATS_FULL, "full")
/* The quantities whose distribution is measured, per layer (X(id, js_name,
 * lo, hi): the linear histogram's range, GL_DIST_BINS equal bins):
 *  z       pre-activations of the probe samples (units x samples)
 *  a       activations f(z) of the probe samples
 *  dact    f'(z) of the probe samples (softmax: the Jacobian diagonal)
 *  dz      dL/dz of the probe samples, L = the probe batch's mean loss
 *  grad    dL/dW of the probe batch (the kernel gradient the optimiser used)
 *  weight  the kernel W at the end of the epoch */
#define GL_DIST_QUANTITY_LIST(X)                                              \
  X(GL_DIST_Z, "z", -8.0, 8.0)                                                \
  X(GL_DIST_A, "a", -4.0, 4.0)                                                \
  X(GL_DIST_DACT, "dact", -0.5, 2.0)                                          \
  X(GL_DIST_DZ, "dz", -0.1, 0.1)                                              \
  X(GL_DIST_GRAD, "grad", -0.5, 0.5)                                          \
  X(GL_DIST_WEIGHT, "weight", -4.0, 4.0)
/* The percentiles of each quantity, in percent (X(id, percent)). */
#define GL_DIST_PERCENTILE_LIST(X)                                            \
  X(GL_DIST_P1, 1) X(GL_DIST_P5, 5) X(GL_DIST_P25, 25) X(GL_DIST_P50, 50)     \
  X(GL_DIST_P75, 75) X(GL_DIST_P95, 95) X(GL_DIST_P99, 99)
/* Bins: the linear histogram GL_DIST_BINS equal bins over [lo, hi) of the
 * quantity's row; the log histogram GL_DIST_LOG_BINS bins of log10|x| over
 * [GL_DIST_LOG_LO, GL_DIST_LOG_HI), GL_DIST_LOG_STEP decades each. */
#define GL_DIST_BIN_LIST(X)                                                   \
  X(GL_DIST_BINS, "bins", 40)                                                 \
  X(GL_DIST_LOG_LO, "logLo", -16)                                             \
  X(GL_DIST_LOG_HI, "logHi", 4)                                               \
  X(GL_DIST_LOG_BINS, "logBins", 200)
/* One quantity's floats, in this order: the summary fields, the
 * percentiles, GL_DIST_BINS counts, GL_DIST_LOG_BINS counts. Summary:
 *  count    values measured
 *  mean     their mean
 *  std      their standard deviation (population: divided by count)
 *  under    values below the linear histogram's lo (NaN included)
 *  over     values at or above its hi
 *  logZero  values with |x| below 10^GL_DIST_LOG_LO (0 included)
 *  logOver  values with |x| at or above 10^GL_DIST_LOG_HI
 *  zeros    values exactly 0 (+0 or -0): part of logZero, which also holds
 *           the values 0 < |x| < 10^GL_DIST_LOG_LO
 *  min, max the smallest and the largest value (exact: the percentiles' bins
 *           meet them in one point when the data allow an exact figure)
 *  absMin   the smallest |x| of the values not exactly 0
 *           (min, max, absMin: NaN when a value is NaN or there are none) */
#define GL_DIST_FIELD_LIST(X)                                                 \
  X(GL_DIST_COUNT, "count") X(GL_DIST_MEAN, "mean") X(GL_DIST_STD, "std")     \
  X(GL_DIST_UNDER, "under") X(GL_DIST_OVER, "over")                           \
  X(GL_DIST_LOG_ZERO, "logZero") X(GL_DIST_LOG_OVER, "logOver")               \
  X(GL_DIST_ZEROS, "zeros") X(GL_DIST_MIN, "min") X(GL_DIST_MAX, "max")      \
  X(GL_DIST_ABS_MIN, "absMin")
/* A layer's floats: the layer fields, its quantities, then per unit arrays. */
#define GL_DIST_LAYER_LIST(X)                                                 \
  X(GL_DIST_UPDATE_RATIO, "updateRatio") /* ||W_end - W_start|| / ||W_start|| over the epoch (kernel) */
#define GL_DIST_UNIT_LIST(X)                                                  \
  X(GL_DIST_UNIT_MEAN_ACT, "meanAct")          /* mean a of the unit over the probe samples */ \
  X(GL_DIST_UNIT_DEAD, "deadShare")            /* the unit's samples of the epoch with f' = 0 */ \
  X(GL_DIST_UNIT_SAT, "saturatedShare")        /* ... with |f'| below 1% of its max */ \
  X(GL_DIST_UNIT_GRAD, "gradMeanAbs")          /* mean |dL/dW| over its incoming weights (probe batch) */
#define GL_X_(id, js_name) id,
enum { GL_STATS_LEVEL_LIST(GL_X_) GL_STATS_LEVELS_ };
enum { GL_DIST_FIELD_LIST(GL_X_) GL_DIST_FIELDS };
enum { GL_DIST_LAYER_LIST(GL_X_) GL_DIST_LAYER_HEAD };
enum { GL_DIST_UNIT_LIST(GL_X_) GL_DIST_UNIT_STATS };
#undef GL_X_
enum {
#define GL_X_(id, js_name, lo, hi) id,
  GL_DIST_QUANTITY_LIST(GL_X_)
#undef GL_X_
  GL_DIST_QUANTITIES
};
enum {
#define GL_X_(id, percent) id,
  GL_DIST_PERCENTILE_LIST(GL_X_)
#undef GL_X_
  GL_DIST_PERCENTILES
};
enum {
#define GL_X_(id, js_name, value) id = (value),
  GL_DIST_BIN_LIST(GL_X_)
#undef GL_X_
};
/* floats per quantity */
enum { GL_DIST_QFLOATS = GL_DIST_FIELDS + GL_DIST_PERCENTILES + GL_DIST_BINS + GL_DIST_LOG_BINS };

typedef struct gl_net gl_net;

/* Create a network: `inputs` features, `nlayers` dense layers (the last is the
 * output layer). Arrays have nlayers entries: units, activation ids,
 * activation alpha (NaN = default), initialiser ids and two init params
 * (init_a, init_b; for random_uniform min/max, random_normal mean/std, else
 * ignored), bias initialiser value (bias_init, usually 0). */
GL_API int32_t gl_net_create(gl_net **out, int32_t inputs, int32_t nlayers,
                             const int32_t *units, const int32_t *activations,
                             const float *alphas, const int32_t *inits,
                             const float *init_a, const float *init_b,
                             const float *bias_init, int32_t loss, uint32_t seed);
/* gl_net_create with the layers' further options: layer_opts holds
 * nlayers * GL_LAYER_OPTS floats (GL_LAYER_OPT_LIST; NULL = none). Checks:
 * GL_ERR_PARAM for a norm id, eps, momentum, dropout or gain out of range, a
 * residual k outside 0 … l + 1 or from a layer of another width, or a norm,
 * residual or dropout on the output layer. Parameters: per layer kernel and
 * bias as gl_net_create's, then gamma and beta of each normalised layer
 * (gamma 1, beta 0; gl_net_norm_offset); batch norm's running mean (0) and
 * variance (1) are kept apart (gl_net_running). */
GL_API int32_t gl_net_create_ex(gl_net **out, int32_t inputs, int32_t nlayers,
                                const int32_t *units, const int32_t *activations,
                                const float *alphas, const int32_t *inits,
                                const float *init_a, const float *init_b,
                                const float *bias_init, const float *layer_opts,
                                int32_t loss, uint32_t seed);
GL_API void gl_net_destroy(gl_net *net);

GL_API int32_t gl_net_inputs(const gl_net *net);
GL_API int32_t gl_net_outputs(const gl_net *net);
GL_API int32_t gl_net_layer_count(const gl_net *net);
GL_API int32_t gl_net_param_count(const gl_net *net);
GL_API float *gl_net_params(gl_net *net);           /* the arena (read/write) */
GL_API float *gl_net_grads(gl_net *net);            /* last computed gradients */
GL_API int32_t gl_net_kernel_offset(const gl_net *net, int32_t layer);
GL_API int32_t gl_net_bias_offset(const gl_net *net, int32_t layer);
/* Offset of layer's gamma in params (beta follows, units floats each); -1
 * when the layer has no norm. */
GL_API int32_t gl_net_norm_offset(const gl_net *net, int32_t layer);
/* Batch norm's running statistics (read/write): layer's mean at
 * gl_net_running(net) + gl_net_running_offset(net, layer), its (unbiased)
 * variance after it; offset -1 without batch norm. */
GL_API float *gl_net_running(gl_net *net);
GL_API int32_t gl_net_running_offset(const gl_net *net, int32_t layer);
/* Samples of one chunk: batch norm needs a whole batch in one chunk, so a
 * network with batch norm trains (and takes gl_net_gradients) on 2 … this
 * many samples at a time (GL_ERR_SIZE otherwise). */
GL_API int32_t gl_net_chunk_samples(const gl_net *net);

/* Optimiser. sgd: lr, momentum, nesterov; adam: lr, beta1, beta2, eps;
 * rmsprop: lr, rho (beta2), momentum, eps. l1/l2 penalties on kernels only
 * (Keras regularizers: loss += l1 Σ|W| + l2 Σ W²). Resets optimiser state. */
GL_API int32_t gl_net_set_optimizer(gl_net *net, int32_t type, float lr,
                                    float momentum, int32_t nesterov,
                                    float beta1, float beta2, float eps,
                                    float l1, float l2);

/* Gradient clipping and decoupled weight decay of the following steps (0 =
 * off; gl_net_set_optimizer resets them): each gradient clipped to
 * [-clip_value, clip_value], then all scaled by min(1, clip_norm / (|g| +
 * 1e-6)) with |g| the L2 norm over every parameter (torch's clip_grad_value_
 * and clip_grad_norm_); kernels decayed by w *= 1 - lr weight_decay before
 * each step (AdamW's rule, for every optimiser). The epoch statistics keep
 * the gradient before clipping. weight_decay in [0, 1]. */
GL_API int32_t gl_net_set_step_options(gl_net *net, float clip_norm, float clip_value, float weight_decay);

/* Learning-rate schedule of the following steps (gl_net_set_optimizer resets
 * it to constant): type 0 constant, 1 step, 2 exponential, 3 cosine; a
 * linear warm-up lr t / W over the first W = warmup_steps steps, then with u
 * the steps after it: step lr gamma^floor(u / period), exponential
 * lr gamma^(u / period), cosine min_lr + (lr - min_lr)(1 + cos(pi u / period)) / 2
 * (min_lr from u = period on). Step counts are the optimiser's (reset with it). */
GL_API int32_t gl_net_set_schedule(gl_net *net, int32_t type, int32_t warmup_steps, int32_t period_steps,
                                   float gamma, float min_lr);

/* 1 when every x[i] of x[0..n) is finite, else 0 (also for a NULL x or n < 0):
 * the data check the passes below make, for a caller that wants to check its
 * data before it changes anything (the JS train() checks X this way, then
 * names the first bad value itself). */
GL_API int32_t gl_all_finite(const float *x, int32_t n);
/* Forward pass: out[n][outputs]. */
GL_API int32_t gl_net_predict(gl_net *net, const float *X, int32_t n, float *out);
/* Loss of the batch mean and its gradient (written to gl_net_grads, same
 * layout as the params); the weights are unchanged. Penalties not included. */
GL_API int32_t gl_net_gradients(gl_net *net, const float *X, const float *Y,
                                int32_t n, float *loss_out);
/* gl_net_gradients, and dL/dX (n x inputs, sample-major) into dX. Both are
 * of training mode: batch norm's batch statistics, dropout drawn from the
 * network's generator. */
GL_API int32_t gl_net_input_gradients(gl_net *net, const float *X, const float *Y,
                                      int32_t n, float *loss_out, float *dX);
/* Mean loss and accuracy over n samples (accuracy: sigmoid/BCE threshold 0.5;
 * softmax argmax; mse: argmax if outputs > 1 else |pred - y| < 0.5). */
GL_API int32_t gl_net_evaluate(gl_net *net, const float *X, const float *Y,
                               int32_t n, float *loss_out, float *acc_out);
/* One epoch of mini-batch training (seeded shuffle when shuffle != 0, using
 * the network's own generator). stats receives GL_EPOCH_HEAD +
 * nlayers*GL_LAYER_STATS floats. Returns GL_ERR_DIVERGED (weights left as they
 * were before the failing batch's update) when the loss or a weight is not
 * finite. */
GL_API int32_t gl_net_train_epoch(gl_net *net, const float *X, const float *Y,
                                  int32_t n, int32_t batch, int32_t shuffle,
                                  float *stats);

/* Floats of gl_net_train_epoch_full's dist buffer: per layer l in order,
 * GL_DIST_LAYER_HEAD + GL_DIST_QUANTITIES * GL_DIST_QFLOATS +
 * GL_DIST_UNIT_STATS * units(l) (0 when net is NULL). */
GL_API int32_t gl_net_dist_floats(const gl_net *net);
/* gl_net_train_epoch, and the epoch's distributions into dist
 * (gl_net_dist_floats floats; layout: the GL_DIST_* lists above; what is
 * measured: dist_stats.c and docs/API.md). The probe is the first chunk (at
 * most 256 samples) of the epoch's first batch. probe == 0: only each layer's
 * GL_DIST_LAYER_LIST fields (updateRatio) are written, nothing is measured
 * (the rest of dist is left as it was). Training is the same as
 * gl_net_train_epoch's, bit for bit. */
GL_API int32_t gl_net_train_epoch_full(gl_net *net, const float *X, const float *Y,
                                       int32_t n, int32_t batch, int32_t shuffle,
                                       float *stats, float *dist, int32_t probe);

/* Memory for JS: plain malloc/free are exported too. */

#ifdef __cplusplus
}
#endif
#endif /* GRADLAB_H */

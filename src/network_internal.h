/*
 * network_internal.h — the network's internal types (gl_layer, gl_net) and
 * the functions shared by the files that work on a whole network: network.c
 * (create, accessors), passes.c (forward and backward over a chunk), train.c
 * (the public passes and the epoch loop) and epoch_stats.c. The array
 * kernels they call are in train_kernels.h. Not part of the public API; see
 * network.c for the arena's layout.
 */
#ifndef GL_NETWORK_INTERNAL_H
#define GL_NETWORK_INTERNAL_H

#include "gradlab.h"
#include "activations.h"
#include "train_kernels.h"

#include <math.h>
#include <string.h>

#define GL_NET_INIT_STREAM 0x696e697469616c73ULL    /* "initials" */
#define GL_NET_SHUFFLE_STREAM 0x73687566666c6521ULL /* "shuffle!" */
#define GL_NET_DROPOUT_STREAM 0x64726f706f757421ULL /* "dropout!" */
#define GL_NET_CHUNK 256                            /* samples per chunk, at most */
#define GL_NET_WORKSPACE_BYTES (32u << 20)          /* workspace budget per network */
#define GL_SATURATION 0.01f                         /* "saturated": f' < 1% of max f' */

typedef struct gl_layer {
  int32_t in, out;            /* fan-in, fan-out (units) */
  int32_t act;                /* activation id */
  int32_t softmax;            /* act is softmax (column-wise, handled here) */
  gl_act_params ap;           /* resolved activation parameters */
  gl_vfn fwd, der;            /* SIMD kernels of the activation table */
  gl_vfn2 fd;                 /* fused f and f' (NULL for softmax) */
  float dmax;                 /* max of f' over the real line (saturation scale) */
  int32_t kernel_off, bias_off; /* floats from params */
  int32_t unit_off;           /* this layer's first unit in the flag arrays */
  float *z, *a;               /* (out, cap) each, feature-major; after a training
                               * forward pass z of a hidden layer with fd holds f'(z) */
  /* the options of layers.def (norm.c); all 0 / NULL on a plain layer */
  int32_t norm;               /* GL_NORM_* */
  float eps, momentum;        /* the norm's */
  int32_t res;                /* residual: 1 + the source layer's index (0: the input), -1 none */
  float dropout;              /* rate; the mask keeps a sample when its u32 >= drop_thr */
  uint32_t drop_thr;
  int32_t gamma_off;          /* floats from params: gamma [out], then beta [out]; -1 without norm */
  int32_t run_off;            /* floats from net->running: mean [out], var [out]; -1 without batch norm */
  int32_t norm_slice;         /* the optimiser's slice of gamma (beta: the next one) */
  float *xh;                  /* (out, cap) the normalised z of the last training pass */
  float *inv;                 /* 1 / sqrt(var + eps): per unit (batch, out) or per sample (layer, cap) */
  float *mask;                /* (out, cap) dropout's 0 or 1 / (1 - rate) */
  float *dres;                /* (out, cap) dL/da from the layers this one feeds by a residual, or NULL */
} gl_layer;

struct gl_net {
  int32_t inputs, outputs, nlayers, loss, nparams, cap, max_units, total_units;
  gl_layer layer[GL_MAX_LAYERS];
  void *arena;
  float *params, *grads, *m, *v, *backup;
  float *x0;           /* (inputs, cap) the chunk's inputs, feature-major */
  float *y0;           /* (outputs, cap) the chunk's targets, feature-major */
  float *d0, *d1;      /* (max_units, cap) dz ping-pong */
  float *tmp;          /* (max_units, cap) activation derivative */
  float *ones;         /* (cap) 1.0f: the input row of the bias gradient */
  uint32_t *nzero;     /* per unit: samples with f' = 0 this epoch */
  uint32_t *nsat;      /* per unit: samples with |f'| not >= 1% of its max this epoch */
  int64_t flag_samples; /* samples counted into nzero / nsat this epoch */
  gl_param_slice slice[4 * GL_MAX_LAYERS]; /* kernel, bias of each layer, then gamma, beta of each
                                            * normalised layer: the optimiser's slices */
  int32_t nslices;
  int32_t batch_norm;  /* some layer has batch norm: a batch is one chunk of >= 2 samples */
  float *extra;        /* the options' buffers (xh, inv, mask, dres, running, dres_x); NULL on a plain net */
  float *running;      /* batch norm's running mean and variance */
  float *dres_x;       /* (inputs, cap) dL/dx from the residuals that add the input, or NULL */
  float *dx;           /* gl_net_input_gradients' dX while it runs (sample-major), else NULL */
  int32_t dx_row;      /* the chunk's first sample in dx */
  gl_rng drop_rng;     /* dropout's masks */
  gl_opt_config opt;
  int64_t steps;       /* optimiser steps since the last reset */
  gl_rng shuffle_rng;
  int32_t *perm;
  int32_t perm_cap;
  float *dist;         /* gl_net_train_epoch_full's output while its probe chunk runs, else NULL */
  float *wstart;       /* (nparams) the weights at the epoch's start ('full' statistics; lazily allocated) */
};

/* ---- passes.c: the network over one chunk ------------------------------------ */

/* What a pass over a chunk does, as bits: */
enum {
  GL_PASS_INFERENCE = 0,        /* forward only: predictions, loss and accuracy */
  GL_PASS_GRADIENT = 1u << 0,   /* training forward, then the gradient into grads */
  GL_PASS_UNIT_FLAGS = 1u << 1, /* the backward pass counts the units' dead / saturated samples */
  GL_PASS_FIRST_CHUNK = 1u << 2, /* the batch's first chunk: grads = its gradient, not += */
  GL_PASS_DIST = 1u << 3,       /* the probe: the chunk's distributions into net->dist (dist_stats.c) */
  GL_PASS_RUNNING = 1u << 4     /* a training step: batch norm updates its running statistics */
};

/* x0 (inputs, S), m real samples -> z, a of every layer; with
 * GL_PASS_GRADIENT each hidden layer with a fused kernel keeps f'(z) in z. */
void gl_chunk_forward(gl_net *net, int32_t m, int32_t S, unsigned pass);
/* d0 = dL/dz (MSE: dL/da) of the output layer -> the gradient in grads
 * (GL_PASS_FIRST_CHUNK: written, else added); the unit flags with
 * GL_PASS_UNIT_FLAGS. */
void gl_chunk_backward(gl_net *net, int32_t m, int32_t S, unsigned pass);

/* ---- norm.c: normalisation, dropout and residual connections ------------------- */

/* L->z (out, S) = W x + b of m real samples -> L->z = gamma xhat + beta:
 * batch norm with the batch's statistics when train (keeping xhat and the
 * inverse std for the backward pass; GL_PASS_RUNNING in pass: the running
 * statistics move), with the running ones otherwise; layer norm per sample.
 * Padding lanes are left finite. */
void gl_norm_forward(gl_net *net, gl_layer *L, int32_t m, int32_t S, unsigned pass);
/* d (out, S) = dL/dy of the norm's output over m real samples -> dL/dz in
 * place (padding zeroed); dL/dgamma, dL/dbeta into grads (fresh: written). */
void gl_norm_backward(gl_net *net, gl_layer *L, float *d, int32_t m, int32_t S, int fresh);
/* The options' buffers of net's layers (xh, inv, mask, dres, the running
 * statistics: mean 0, variance 1) in one allocation, net->extra (none on a
 * plain net); GL_ERR_NOMEM when it fails. */
int32_t gl_layer_buffers(gl_net *net);
/* A training pass's dropout on L->a: a fresh mask from net->drop_rng, a *= mask. */
void gl_dropout_forward(gl_net *net, gl_layer *L, int32_t m, int32_t S);
/* dst (R, S) += src (R, S), four lanes at a time. */
void gl_add_rows(float *dst, const float *src, int32_t R, int32_t S);
/* dst (R, S) *= src (R, S). */
void gl_mul_rows(float *dst, const float *src, int32_t R, int32_t S);

/* ---- epoch_stats.c: the statistics of an epoch --------------------------------- */

/* Sums over the epoch's batches. */
typedef struct gl_epoch_stats {
  double gabs[GL_MAX_LAYERS];  /* mean |g| over each layer's kernel */
  double gnorm[GL_MAX_LAYERS]; /* L2 norm of each layer's kernel gradient */
  double babs[GL_MAX_LAYERS];  /* mean |g| over each layer's bias */
  double gamma_abs[GL_MAX_LAYERS], beta_abs[GL_MAX_LAYERS]; /* mean |g| over each norm's gamma, beta */
  double loss, acc;            /* the batches' mean loss and accuracy */
  int32_t batches;
} gl_epoch_stats;

/* Zeroed sums, and every unit's flags cleared (dead and saturated until a
 * sample says otherwise). */
void gl_epoch_stats_begin(gl_epoch_stats *es, gl_net *net);
/* One applied batch: sabs, ssq are gl_optimizer_step's sums over the slices
 * (kernel, bias of each layer); loss, acc the batch's means. */
void gl_epoch_stats_add_batch(gl_epoch_stats *es, const gl_net *net, const double *sabs, const double *ssq,
                              double loss, double acc);
/* stats[GL_EPOCH_HEAD + nlayers * GL_LAYER_STATS] (gradlab.h): the means over
 * the batches, the dead and saturated fractions, the weights' mean |W|. */
void gl_epoch_stats_write(const gl_epoch_stats *es, const gl_net *net, float *stats);
/* Max of |f'| of L's activation (the scale of "saturated"). */
float gl_derivative_max(const gl_layer *L);

/* ---- dist_stats.c: the distributions of an epoch ('full' statistics) ---------- */

/* Layer l's floats in dist (gradlab.h: GL_DIST_* lists). */
float *gl_dist_layer(const gl_net *net, float *dist, int32_t l);
/* One quantity q of layer l over v (U rows of m values, row stride S) into
 * net->dist; q = GL_DIST_A also sets the units' meanAct. */
void gl_dist_values(gl_net *net, int32_t l, int32_t q, const float *v, int32_t m, int32_t S);
/* The probe batch's kernel gradients (net->grads) of every layer. */
void gl_dist_grads(gl_net *net, float *dist);
/* The epoch's end: update ratios; with probe, the weights' distributions and
 * the units' dead / saturated shares too. */
void gl_dist_finish(gl_net *net, float *dist, int probe);

#endif /* GL_NETWORK_INTERNAL_H */

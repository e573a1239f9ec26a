/*
 * network_internal.h — the trainer's internal types and the helpers shared by
 * network.c (layers, passes, create), losses.c, optimizers.c and
 * initializers.c. Not part of the public API; see network.c for the layout.
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
  uint8_t *alive;      /* per unit: f' != 0 for some sample this epoch */
  uint8_t *unsat;      /* per unit: f' >= 1% of max for some sample this epoch */
  gl_param_slice slice[2 * GL_MAX_LAYERS]; /* kernel, bias of each layer: the optimiser's slices */
  gl_opt_config opt;
  int64_t steps;       /* optimiser steps since the last reset */
  gl_rng shuffle_rng;
  int32_t *perm;
  int32_t perm_cap;
};

#endif /* GL_NETWORK_INTERNAL_H */

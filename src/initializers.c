/* initializers.c — Keras' kernel initialisers: zeros, random_uniform(min, max),
 * random_normal(mean, std), and the variance-scaling family: *_uniform draws
 * U(-limit, limit) with limit = sqrt(3 scale / fan), *_normal a normal
 * truncated at two standard deviations with stddev = sqrt(scale / fan) /
 * 0.8796... (Keras' correction, so the truncated draws have std sqrt(scale /
 * fan)); glorot: fan = (fan_in + fan_out) / 2, scale 1; he: fan_in, scale 2;
 * lecun: fan_in, scale 1. */
#include "train_kernels.h"

#define GL_KERAS_TRUNC_STD 0.87962566103423978 /* std of N(0,1) truncated to [-2, 2] */

/* Keras TruncatedNormal(0, stddev): redraw values beyond two stddevs. */
static double trunc_normal(gl_rng *r, double stddev) {
  for (;;) {
    double z = gl_rng_normal(r);
    if (fabs(z) <= 2.0) return z * stddev;
  }
}

void gl_init_kernel(gl_rng *r, float *w, int32_t fi, int32_t fo, int32_t init, float a, float b, float gain) {
  size_t n = (size_t)fi * (size_t)fo;
  double limit = 0.0, sd = 0.0;
  const double g = gain; /* 1: every product below is exact, the draws as without it */
  switch (init) {
  case GL_INIT_GLOROT_UNIFORM: limit = sqrt(6.0 / (fi + fo)); break;
  case GL_INIT_HE_UNIFORM: limit = sqrt(6.0 / fi); break;
  case GL_INIT_LECUN_UNIFORM: limit = sqrt(3.0 / fi); break;
  case GL_INIT_GLOROT_NORMAL: sd = sqrt(2.0 / (fi + fo)) / GL_KERAS_TRUNC_STD; break;
  case GL_INIT_HE_NORMAL: sd = sqrt(2.0 / fi) / GL_KERAS_TRUNC_STD; break;
  case GL_INIT_LECUN_NORMAL: sd = sqrt(1.0 / fi) / GL_KERAS_TRUNC_STD; break;
  default: break;
  }
  limit *= g;
  sd *= g;
  for (size_t i = 0; i < n; i++) {
    double x;
    switch (init) {
    case GL_INIT_ZEROS: x = 0.0; break;
    case GL_INIT_RANDOM_UNIFORM: x = g * (double)a + (g * (double)b - g * (double)a) * gl_rng_uniform(r); break;
    case GL_INIT_RANDOM_NORMAL: x = (double)a + g * (double)b * gl_rng_normal(r); break;
    case GL_INIT_GLOROT_UNIFORM: case GL_INIT_HE_UNIFORM: case GL_INIT_LECUN_UNIFORM:
      x = limit * (2.0 * gl_rng_uniform(r) - 1.0); break;
    default: x = trunc_normal(r, sd); break;
    }
    w[i] = (float)x;
  }
}


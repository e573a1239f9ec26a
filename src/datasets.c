/* datasets.c — seeded toy sets: circles and moons exactly as sklearn's
 * make_circles / make_moons (point layout, label order, shuffle then noise),
 * plus xor, spiral and gauss; the regression sets plane and multigauss as TF
 * Playground's, and a 1-D noisy sine. All randomness from one PCG32 per call. */
#include "gradlab.h"
#include <math.h>

#define GL_PI 3.14159265358979323846
#define GL_DATA_STREAM 0x6461746173657473ULL /* "datasets" */

/* Fisher-Yates shuffle of the rows of X[n][2] and y[n] together. */
static void shuffle_rows(gl_rng *r, int32_t n, float *X, float *y) {
  for (int32_t i = n - 1; i > 0; i--) {
    int32_t j = (int32_t)gl_rng_below(r, (uint32_t)i + 1u);
    float t0 = X[2 * i], t1 = X[2 * i + 1], ty = y[i];
    X[2 * i] = X[2 * j]; X[2 * i + 1] = X[2 * j + 1]; y[i] = y[j];
    X[2 * j] = t0; X[2 * j + 1] = t1; y[j] = ty;
  }
}

/* X += N(0, noise^2) on both coordinates, in row order. */
static void add_noise(gl_rng *r, int32_t n, float *X, double noise) {
  if (noise == 0.0) return;
  for (int32_t i = 0; i < 2 * n; i++) X[i] = (float)((double)X[i] + noise * gl_rng_normal(r));
}

/* sklearn make_circles: n_out = n/2 points on the unit circle at angles
 * linspace(0, 2pi, n_out, endpoint=False), label 0; n_in = n - n_out points
 * on the circle of radius factor, label 1; shuffle; then noise. */
static void make_circles(gl_rng *r, int32_t n, double noise, double factor, float *X, float *y) {
  int32_t n_out = n / 2, n_in = n - n_out;
  for (int32_t i = 0; i < n_out; i++) {
    double t = 2.0 * GL_PI * (double)i / (double)n_out;
    X[2 * i] = (float)cos(t); X[2 * i + 1] = (float)sin(t); y[i] = 0.0f;
  }
  for (int32_t i = 0; i < n_in; i++) {
    double t = 2.0 * GL_PI * (double)i / (double)n_in;
    int32_t k = n_out + i;
    X[2 * k] = (float)(cos(t) * factor); X[2 * k + 1] = (float)(sin(t) * factor); y[k] = 1.0f;
  }
  shuffle_rows(r, n, X, y);
  add_noise(r, n, X, noise);
}

/* sklearn make_moons: outer (label 0) at (cos t, sin t), t = linspace(0, pi,
 * n_out) with the end point; inner (label 1) at (1 - cos t, 0.5 - sin t). */
static void make_moons(gl_rng *r, int32_t n, double noise, float *X, float *y) {
  int32_t n_out = n / 2, n_in = n - n_out;
  for (int32_t i = 0; i < n_out; i++) {
    double t = n_out > 1 ? GL_PI * (double)i / (double)(n_out - 1) : 0.0;
    X[2 * i] = (float)cos(t); X[2 * i + 1] = (float)sin(t); y[i] = 0.0f;
  }
  for (int32_t i = 0; i < n_in; i++) {
    double t = n_in > 1 ? GL_PI * (double)i / (double)(n_in - 1) : 0.0;
    int32_t k = n_out + i;
    X[2 * k] = (float)(1.0 - cos(t)); X[2 * k + 1] = (float)(1.0 - sin(t) - 0.5); y[k] = 1.0f;
  }
  shuffle_rows(r, n, X, y);
  add_noise(r, n, X, noise);
}

/* xor: points uniform in [-1,1]^2, label 1 where x*y > 0. Balanced by
 * construction: n/2 points of class 0 (opposite signs), the rest class 1
 * (same signs), |x|,|y| uniform in (0, 1] (so uniform over the square given the
 * class); then shuffle; then noise (labels stay those of the clean points). */
static void make_xor(gl_rng *r, int32_t n, double noise, float *X, float *y) {
  int32_t n0 = n / 2;
  for (int32_t i = 0; i < n; i++) {
    double ax = 1.0 - gl_rng_uniform(r), ay = 1.0 - gl_rng_uniform(r);
    double sx = (gl_rng_u32(r) & 1u) ? 1.0 : -1.0;
    double sy = i < n0 ? -sx : sx;
    X[2 * i] = (float)(sx * ax); X[2 * i + 1] = (float)(sy * ay);
    y[i] = i < n0 ? 0.0f : 1.0f;
  }
  shuffle_rows(r, n, X, y);
  add_noise(r, n, X, noise);
}

/* Class c of k gets n/k points (the first n%k classes one more). */
static int32_t class_size(int32_t n, int32_t k, int32_t c) { return n / k + (c < n % k ? 1 : 0); }

/* spiral: k arms; point i of arm c (m points) at radius s = i/m and angle
 * 1.75 * 2pi * s + 2pi c / k (as TF Playground's spiral, k arms), plus noise. */
static void make_spiral(gl_rng *r, int32_t n, double noise, int32_t k, float *X, float *y) {
  int32_t row = 0;
  for (int32_t c = 0; c < k; c++) {
    int32_t m = class_size(n, k, c);
    for (int32_t i = 0; i < m; i++, row++) {
      double s = (double)i / (double)m;
      double t = 1.75 * 2.0 * GL_PI * s + 2.0 * GL_PI * (double)c / (double)k;
      X[2 * row] = (float)(s * cos(t)); X[2 * row + 1] = (float)(s * sin(t)); y[row] = (float)c;
    }
  }
  shuffle_rows(r, n, X, y);
  add_noise(r, n, X, noise);
}

/* gauss: k isotropic clusters of std `noise`, centres on the unit circle at
 * angles pi/4 + 2pi c/k (k = 2 gives the diagonal pair of TF Playground). */
static void make_gauss(gl_rng *r, int32_t n, double noise, int32_t k, float *X, float *y) {
  int32_t row = 0;
  for (int32_t c = 0; c < k; c++) {
    int32_t m = class_size(n, k, c);
    double t = 0.25 * GL_PI + 2.0 * GL_PI * (double)c / (double)k;
    for (int32_t i = 0; i < m; i++, row++) {
      X[2 * row] = (float)cos(t); X[2 * row + 1] = (float)sin(t); y[row] = (float)c;
    }
  }
  shuffle_rows(r, n, X, y);
  add_noise(r, n, X, noise);
}

/* Uniform in [-r, r). */
static double uniform_sym(gl_rng *r, double radius) { return radius * (2.0 * gl_rng_uniform(r) - 1.0); }

/* TF Playground's regressPlane / regressGaussian: points uniform in [-6,6]^2;
 * the value is that of the point moved by noise * U(-6,6) per coordinate
 * (the point itself stays): plane (x1 + x2) / 10; multigauss, of six bumps
 * sign * max(0, 1 - d/2) at (+-4 or 0, +-2.5), the one largest in |value|. */
static double plane_value(double x, double y) { return (x + y) / 10.0; }
static double multigauss_value(double x, double y) {
  static const double g[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  double v = 0.0;
  for (int k = 0; k < 6; k++) {
    double d = sqrt((x - g[k][0]) * (x - g[k][0]) + (y - g[k][1]) * (y - g[k][1]));
    double s = d >= 2.0 ? 0.0 : 1.0 - d / 2.0;
    double nv = g[k][2] * s;
    if (fabs(nv) > fabs(v)) v = nv;
  }
  return v;
}
static void make_regress(gl_rng *r, int32_t n, double noise, double (*value)(double, double), float *X, float *y) {
  const double R = 6.0;
  for (int32_t i = 0; i < n; i++) {
    double a = uniform_sym(r, R), b = uniform_sym(r, R);
    double na = uniform_sym(r, R) * noise, nb = uniform_sym(r, R) * noise;
    X[2 * i] = (float)a; X[2 * i + 1] = (float)b; y[i] = (float)value(a + na, b + nb);
  }
}

/* sine: x uniform in [-1, 1), value sin(pi x) + N(0, noise^2); X[n][1]. */
static void make_sine(gl_rng *r, int32_t n, double noise, float *X, float *y) {
  for (int32_t i = 0; i < n; i++) {
    double x = uniform_sym(r, 1.0);
    X[i] = (float)x;
    y[i] = (float)(sin(GL_PI * x) + noise * gl_rng_normal(r));
  }
}

/* The columns of X of data set `kind` (datasets.def: 2 unless a GL_DATASET_VALUE row says). */
static int32_t inputs_of(int32_t kind) {
  switch (kind) {
#define GL_DATASET(id, name)
#define GL_DATASET_VALUE(id, in) case id: return in;
#include "datasets.def"
#undef GL_DATASET_VALUE
#undef GL_DATASET
  default: return 2;
  }
}

/* Min-max per coordinate (of d) over all points to [-1, 1]; a constant
 * coordinate maps to 0. The extremes map to exactly -1 and 1. */
static void scale_minmax(int32_t n, int32_t dims, float *X) {
  for (int32_t d = 0; d < dims; d++) {
    float lo = X[d], hi = X[d];
    for (int32_t i = 1; i < n; i++) {
      float v = X[dims * i + d];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    double range = (double)hi - (double)lo;
    for (int32_t i = 0; i < n; i++) {
      float *v = &X[dims * i + d];
      if (range > 0.0) {
        double s = 2.0 * ((double)*v - (double)lo) / range - 1.0;
        *v = *v == hi ? 1.0f : (float)(s < -1.0 ? -1.0 : s > 1.0 ? 1.0 : s);
      } else {
        *v = 0.0f;
      }
    }
  }
}

GL_API int32_t gl_dataset(int32_t kind, int32_t n, float p1, float p2,
                          int32_t classes, uint32_t seed, int32_t scale,
                          float *X, float *y) {
  if (kind < 0 || kind >= GL_DATA_COUNT) return GL_ERR_DATASET;
  if (!X || !y) return GL_ERR_NULL;
  if (!(p1 >= 0.0f && p1 <= (float)GL_MAX_MAGNITUDE)) return GL_ERR_PARAM; /* also NaN; |N(0,1)| < 9 here keeps every point finite */
  int32_t k = 2;
  if (kind == GL_DATA_SPIRAL || kind == GL_DATA_GAUSS) {
    if (classes < 2 || classes > GL_MAX_CLASSES) return GL_ERR_PARAM;
    k = classes;
  }
  if (kind == GL_DATA_CIRCLES && (!isfinite(p2) || !(p2 > 0.0f) || !(p2 < 1.0f))) return GL_ERR_PARAM;
  if (n < k || n > GL_MAX_SAMPLES) return GL_ERR_SIZE;

  gl_rng r;
  gl_rng_seed(&r, seed, GL_DATA_STREAM + (uint64_t)kind);
  switch (kind) {
  case GL_DATA_CIRCLES: make_circles(&r, n, p1, p2, X, y); break;
  case GL_DATA_MOONS: make_moons(&r, n, p1, X, y); break;
  case GL_DATA_XOR: make_xor(&r, n, p1, X, y); break;
  case GL_DATA_SPIRAL: make_spiral(&r, n, p1, k, X, y); break;
  case GL_DATA_GAUSS: make_gauss(&r, n, p1, k, X, y); break;
  case GL_DATA_PLANE: make_regress(&r, n, p1, plane_value, X, y); break;
  case GL_DATA_MULTIGAUSS: make_regress(&r, n, p1, multigauss_value, X, y); break;
  default: make_sine(&r, n, p1, X, y); break;
  }
  if (scale) scale_minmax(n, inputs_of(kind), X);
  return GL_OK;
}

/*
 * test_datasets.c — gl_dataset: sklearn's make_circles / make_moons layouts
 * (noise 0 puts every point on its curve, angles evenly spaced), class
 * balance of every set, min-max scaling to exactly [-1, 1], determinism,
 * noise statistics, the regression sets (plane, multigauss, sine), and every
 * bad-parameter status; plus the PCG32 generator
 * (reference outputs of O'Neill's pcg32 demo, uniform/normal moments, bounded
 * draws).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradlab.h"
#include "check.h"

#define PI 3.14159265358979323846

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void test_rng(void) {
  /* pcg32-global-demo / pcg32_srandom_r(&rng, 42, 54): first outputs */
  static const uint32_t expect[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  gl_rng r;
  gl_rng_seed(&r, 42u, 54u);
  for (int i = 0; i < 6; i++) {
    uint32_t x = gl_rng_u32(&r);
    CHECK(x == expect[i], "pcg32(42, 54) output %d: 0x%08x, expected 0x%08x", i, x, expect[i]);
  }
  gl_rng_seed(&r, 7u, 1u);
  double s = 0, s2 = 0, lo = 1, hi = 0;
  const int n = 200000;
  for (int i = 0; i < n; i++) {
    double u = gl_rng_uniform(&r);
    CHECK(u >= 0.0 && u < 1.0, "uniform out of [0, 1): %.17g", u);
    s += u; s2 += u * u; lo = fmin(lo, u); hi = fmax(hi, u);
  }
  CHECK(fabs(s / n - 0.5) < 0.005 && fabs(s2 / n - s * s / ((double)n * n) - 1.0 / 12) < 0.002, "uniform moments");
  CHECK(lo < 1e-4 && hi > 1 - 1e-4, "uniform range [%g, %g]", lo, hi);
  s = s2 = 0;
  double s4 = 0;
  for (int i = 0; i < n; i++) {
    double z = gl_rng_normal(&r);
    CHECK(isfinite(z), "normal not finite");
    s += z; s2 += z * z; s4 += z * z * z * z;
  }
  CHECK(fabs(s / n) < 0.01 && fabs(s2 / n - 1) < 0.015 && fabs(s4 / n - 3) < 0.1, "normal moments %g %g %g", s / n,
        s2 / n, s4 / n);
  int counts[7] = {0};
  for (int i = 0; i < 70000; i++) {
    uint32_t k = gl_rng_below(&r, 7);
    CHECK(k < 7, "below(7) gave %u", k);
    if (k < 7) counts[k]++;
  }
  for (int k = 0; k < 7; k++) CHECK(abs(counts[k] - 10000) < 500, "below(7): %d draws of %d", counts[k], k);
  CHECK(gl_rng_below(&r, 1) == 0 && gl_rng_below(&r, 0) == 0, "below(1), below(0)");
}

/* Noise 0, no scaling: circles exactly on radius 1 (label 0) and factor
 * (label 1), angles = linspace(0, 2pi, m, endpoint=False) per circle. */
static void test_circles_geometry(int n, float factor) {
  float *X = malloc(sizeof(float) * 2 * n), *y = malloc(sizeof(float) * n);
  CHECK(gl_dataset(GL_DATA_CIRCLES, n, 0.0f, factor, 0, 5, 0, X, y) == GL_OK, "circles");
  int n_out = n / 2, n_in = n - n_out, c0 = 0, c1 = 0;
  double *ang0 = malloc(sizeof(double) * n), *ang1 = malloc(sizeof(double) * n);
  int in_order = 1;
  for (int i = 0; i < n; i++) {
    double rad = hypot(X[2 * i], X[2 * i + 1]), want = y[i] == 0.0f ? 1.0 : factor;
    CHECK(fabs(rad - want) < 1e-6, "circles n=%d point %d: radius %.9g, label %g", n, i, rad, y[i]);
    double t = atan2(X[2 * i + 1], X[2 * i]);
    if (t < -1e-6) t += 2 * PI;
    if (y[i] == 0.0f) ang0[c0++] = t; else ang1[c1++] = t;
    if (i > 0 && y[i] < y[i - 1]) in_order = 0;
  }
  CHECK(c0 == n_out && c1 == n_in, "circles n=%d: %d outer, %d inner", n, c0, c1);
  CHECK(!in_order || n < 4, "circles n=%d: not shuffled", n);
  qsort(ang0, c0, sizeof(double), cmp_double);
  qsort(ang1, c1, sizeof(double), cmp_double);
  for (int i = 0; i < c0; i++)
    CHECK(fabs(ang0[i] - 2 * PI * i / n_out) < 1e-5, "circles outer angle %d: %.7f vs %.7f", i, ang0[i], 2 * PI * i / n_out);
  for (int i = 0; i < c1; i++)
    CHECK(fabs(ang1[i] - 2 * PI * i / n_in) < 1e-5, "circles inner angle %d: %.7f", i, ang1[i]);
  free(X); free(y); free(ang0); free(ang1);
}

/* Noise 0: moons outer (label 0) on the upper unit half circle, inner (label
 * 1) on the lower half circle centred at (1, 0.5), end points included. */
static void test_moons_geometry(int n) {
  float *X = malloc(sizeof(float) * 2 * n), *y = malloc(sizeof(float) * n);
  CHECK(gl_dataset(GL_DATA_MOONS, n, 0.0f, 0.0f, 0, 5, 0, X, y) == GL_OK, "moons");
  int c0 = 0, has_end0 = 0, has_end1 = 0;
  for (int i = 0; i < n; i++) {
    double px = X[2 * i], py = X[2 * i + 1];
    if (y[i] == 0.0f) {
      c0++;
      CHECK(fabs(hypot(px, py) - 1) < 1e-6 && py >= -1e-7, "moons outer point %d (%g, %g)", i, px, py);
      if (fabs(px + 1) < 1e-6) has_end0 = 1;
    } else {
      CHECK(fabs(hypot(px - 1, py - 0.5) - 1) < 1e-6 && py <= 0.5 + 1e-7, "moons inner point %d (%g, %g)", i, px, py);
      if (fabs(px - 2) < 1e-6) has_end1 = 1;
    }
  }
  CHECK(c0 == n / 2, "moons: %d outer of %d", c0, n);
  CHECK((has_end0 || n / 2 < 2) && has_end1, "moons: end points of linspace(0, pi) missing");
  free(X); free(y);
}

static void test_balance_scaling_determinism(void) {
  const int n = 1001;
  static float X[2 * 1001], y[1001], X2[2 * 1001], y2[1001];
  struct { int kind, classes; float p1, p2; const char *name; } sets[] = {
    {GL_DATA_CIRCLES, 0, 0.1f, 0.8f, "circles"}, {GL_DATA_MOONS, 0, 0.1f, 0, "moons"},
    {GL_DATA_XOR, 0, 0.05f, 0, "xor"},           {GL_DATA_SPIRAL, 3, 0.05f, 0, "spiral"},
    {GL_DATA_GAUSS, 4, 0.3f, 0, "gauss"},         {GL_DATA_SPIRAL, 2, 0.0f, 0, "spiral2"},
  };
  for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
    int k = sets[s].classes ? sets[s].classes : 2;
    CHECK(gl_dataset(sets[s].kind, n, sets[s].p1, sets[s].p2, sets[s].classes, 9, 1, X, y) == GL_OK, "%s", sets[s].name);
    int counts[8] = {0};
    for (int i = 0; i < n; i++) {
      int c = (int)y[i];
      CHECK((float)c == y[i] && c >= 0 && c < k, "%s: label %g", sets[s].name, y[i]);
      if (c >= 0 && c < k) counts[c]++;
    }
    for (int c = 0; c < k; c++)
      CHECK(counts[c] == n / k || counts[c] == n / k + 1, "%s: class %d has %d of %d", sets[s].name, c, counts[c], n);
    for (int d = 0; d < 2; d++) {
      float lo = INFINITY, hi = -INFINITY;
      for (int i = 0; i < n; i++) { lo = fminf(lo, X[2 * i + d]); hi = fmaxf(hi, X[2 * i + d]); }
      CHECK(lo == -1.0f && hi == 1.0f, "%s: scaled coordinate %d in [%g, %g]", sets[s].name, d, lo, hi);
    }
    /* determinism */
    CHECK(gl_dataset(sets[s].kind, n, sets[s].p1, sets[s].p2, sets[s].classes, 9, 1, X2, y2) == GL_OK, "again");
    CHECK(!memcmp(X, X2, sizeof X) && !memcmp(y, y2, sizeof y), "%s: same seed, different data", sets[s].name);
    CHECK(gl_dataset(sets[s].kind, n, sets[s].p1, sets[s].p2, sets[s].classes, 10, 1, X2, y2) == GL_OK, "seed 10");
    CHECK(memcmp(X, X2, sizeof X), "%s: different seeds, same data", sets[s].name);
  }
  /* xor labels: sign agreement for noise 0 */
  CHECK(gl_dataset(GL_DATA_XOR, n, 0.0f, 0, 0, 2, 0, X, y) == GL_OK, "xor");
  for (int i = 0; i < n; i++) {
    CHECK(fabsf(X[2 * i]) <= 1 && fabsf(X[2 * i + 1]) <= 1, "xor point outside the square");
    CHECK((X[2 * i] * X[2 * i + 1] > 0) == (y[i] == 1.0f), "xor point %d (%g, %g) label %g", i, X[2 * i],
          X[2 * i + 1], y[i]);
  }
  /* noise: circles with noise sigma -> radial residual std ~ sigma */
  CHECK(gl_dataset(GL_DATA_CIRCLES, n, 0.05f, 0.5f, 0, 4, 0, X, y) == GL_OK, "circles noise");
  double s2 = 0;
  for (int i = 0; i < n; i++) {
    double e = hypot(X[2 * i], X[2 * i + 1]) - (y[i] == 0.0f ? 1.0 : 0.5);
    s2 += e * e;
  }
  CHECK(fabs(sqrt(s2 / n) / 0.05 - 1) < 0.1, "circles noise 0.05: radial residual std %g", sqrt(s2 / n));
  /* gauss noise 0: every point of a class at its centre; scaling of a constant
   * coordinate gives 0 */
  CHECK(gl_dataset(GL_DATA_GAUSS, 10, 0.0f, 0, 2, 4, 0, X, y) == GL_OK, "gauss 0");
  for (int i = 0; i < 10; i++)
    CHECK(fabs(hypot(X[2 * i], X[2 * i + 1]) - 1) < 1e-6, "gauss centre not on the unit circle");
  float Xs[4], ys[2];
  CHECK(gl_dataset(GL_DATA_CIRCLES, 2, 0.0f, 0.5f, 0, 1, 1, Xs, ys) == GL_OK, "circles n=2");
  CHECK(Xs[1] == 0.0f && Xs[3] == 0.0f, "constant coordinate scaled to %g, %g", Xs[1], Xs[3]);
}

/* The regression sets: plane and multigauss as TF Playground's formulas at
 * noise 0 (points uniform in [-6,6]^2, unscaled), the noise moving only the
 * point the value is taken at; sine's residual std = noise; X has the row's
 * inputs (2, 2, 1) and scaling maps each column to exactly [-1, 1]. */
static void test_regression(void) {
  const int n = 2000;
  static float X[2 * 2000], y[2000], X2[2 * 2000], y2[2000];
  CHECK(gl_dataset(GL_DATA_PLANE, n, 0.0f, 0, 0, 3, 0, X, y) == GL_OK, "plane");
  double sx = 0;
  for (int i = 0; i < n; i++) {
    CHECK(fabsf(X[2 * i]) <= 6 && fabsf(X[2 * i + 1]) <= 6, "plane point %d outside [-6,6]^2", i);
    CHECK(fabs(y[i] - (X[2 * i] + X[2 * i + 1]) / 10.0) < 1e-6, "plane %d: %g vs (x1 + x2)/10", i, y[i]);
    sx += X[2 * i];
  }
  CHECK(fabs(sx / n) < 0.3, "plane: mean x1 %g, not about 0", sx / n);
  CHECK(gl_dataset(GL_DATA_PLANE, n, 0.5f, 0, 0, 3, 0, X2, y2) == GL_OK, "plane noise");
  double e2 = 0;
  for (int i = 0; i < n; i++) e2 += (y2[i] - (X2[2 * i] + X2[2 * i + 1]) / 10.0) * (y2[i] - (X2[2 * i] + X2[2 * i + 1]) / 10.0);
  /* value moved by (u1 + u2) * 0.5 * 6 / 10, u uniform in [-1,1]: var = 2 * (0.3^2 / 3) = 0.06 */
  CHECK(fabs(e2 / n / 0.06 - 1) < 0.1, "plane noise 0.5: residual variance %g, expected 0.06", e2 / n);
  CHECK(gl_dataset(GL_DATA_MULTIGAUSS, n, 0.0f, 0, 0, 3, 0, X, y) == GL_OK, "multigauss");
  for (int i = 0; i < n; i++) {
    CHECK(y[i] >= -1.0f && y[i] <= 1.0f, "multigauss value %g outside [-1, 1]", y[i]);
    /* near the centre (0, 2.5) the bump of sign -1 wins */
    if (hypot(X[2 * i], X[2 * i + 1] - 2.5) < 0.5)
      CHECK(fabs(y[i] + (1 - hypot(X[2 * i], X[2 * i + 1] - 2.5) / 2)) < 1e-5, "multigauss near (0, 2.5): %g", y[i]);
    /* far from every centre: 0 */
    if (fabs(X[2 * i + 1]) < 0.4) CHECK(y[i] == 0.0f, "multigauss at y=%g: %g, not 0", X[2 * i + 1], y[i]);
  }
  CHECK(gl_dataset(GL_DATA_SINE, n, 0.2f, 0, 0, 3, 0, X, y) == GL_OK, "sine");
  e2 = 0;
  for (int i = 0; i < n; i++) {
    CHECK(X[i] >= -1.0f && X[i] < 1.0f, "sine x %g outside [-1, 1)", X[i]);
    e2 += (y[i] - sin(PI * X[i])) * (y[i] - sin(PI * X[i]));
  }
  CHECK(fabs(sqrt(e2 / n) / 0.2 - 1) < 0.1, "sine noise 0.2: residual std %g", sqrt(e2 / n));
  /* X[n][1]: the sine writes n values of X, no more */
  for (int i = 0; i < 2 * n; i++) X[i] = 42.0f;
  CHECK(gl_dataset(GL_DATA_SINE, n, 0.2f, 0, 0, 3, 1, X, y) == GL_OK, "sine scaled");
  float lo = INFINITY, hi = -INFINITY;
  for (int i = 0; i < n; i++) { lo = fminf(lo, X[i]); hi = fmaxf(hi, X[i]); }
  CHECK(lo == -1.0f && hi == 1.0f, "sine scaled x in [%g, %g]", lo, hi);
  CHECK(X[n] == 42.0f && X[2 * n - 1] == 42.0f, "sine wrote past X[n][1]");
  int kinds[] = {GL_DATA_PLANE, GL_DATA_MULTIGAUSS};
  for (int s = 0; s < 2; s++) {
    CHECK(gl_dataset(kinds[s], n, 0.1f, 0, 0, 9, 1, X, y) == GL_OK, "scaled %d", s);
    for (int d = 0; d < 2; d++) {
      lo = INFINITY; hi = -INFINITY;
      for (int i = 0; i < n; i++) { lo = fminf(lo, X[2 * i + d]); hi = fmaxf(hi, X[2 * i + d]); }
      CHECK(lo == -1.0f && hi == 1.0f, "regression set %d: coordinate %d in [%g, %g]", s, d, lo, hi);
    }
    CHECK(gl_dataset(kinds[s], n, 0.1f, 0, 0, 9, 1, X2, y2) == GL_OK, "again");
    CHECK(!memcmp(X, X2, sizeof X) && !memcmp(y, y2, sizeof y), "regression set %d: same seed, different data", s);
  }
}

static void test_bad_params(void) {
  float X[200], y[100];
#define EXPECT(expr, code)                                                                     \
  do {                                                                                         \
    int32_t s_ = (expr);                                                                       \
    CHECK(s_ == (code), "%s -> %d, expected %d", #expr, s_, code);                             \
  } while (0)
  EXPECT(gl_dataset(GL_DATA_COUNT, 100, 0.1f, 0.8f, 0, 1, 1, X, y), GL_ERR_DATASET);
  EXPECT(gl_dataset(-1, 100, 0.1f, 0.8f, 0, 1, 1, X, y), GL_ERR_DATASET);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, 0.1f, 0.8f, 0, 1, 1, NULL, y), GL_ERR_NULL);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, 0.1f, 0.8f, 0, 1, 1, X, NULL), GL_ERR_NULL);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 1, 0.1f, 0.8f, 0, 1, 1, X, y), GL_ERR_SIZE);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 0, 0.1f, 0.8f, 0, 1, 1, X, y), GL_ERR_SIZE);
  EXPECT(gl_dataset(GL_DATA_MOONS, -4, 0.1f, 0, 0, 1, 1, X, y), GL_ERR_SIZE);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, GL_MAX_SAMPLES + 1, 0.1f, 0.8f, 0, 1, 1, X, y), GL_ERR_SIZE);
  EXPECT(gl_dataset(GL_DATA_SPIRAL, 3, 0.1f, 0, 4, 1, 1, X, y), GL_ERR_SIZE); /* < 1 per class */
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, NAN, 0.8f, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, INFINITY, 0.8f, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_MOONS, 100, -0.1f, 0, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_XOR, 100, 3.4e38f, 0, 0, 1, 1, X, y), GL_ERR_PARAM); /* would overflow */
  EXPECT(gl_dataset(GL_DATA_SPIRAL, 100, 1.1e6f, 0, 3, 1, 1, X, y), GL_ERR_PARAM);
  {
    int32_t st = gl_dataset(GL_DATA_SPIRAL, 100, 1e6f, 0, 3, 1, 0, X, y); /* the largest noise: finite */
    CHECK(st == GL_OK, "noise 1e6 -> %d", st);
    int finite = 1;
    for (int i = 0; i < 200; i++) finite &= isfinite(X[i]) != 0;
    CHECK(finite, "noise 1e6 gave non-finite points");
  }
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, 0.1f, 0.0f, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, 0.1f, 1.0f, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, 0.1f, NAN, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_CIRCLES, 100, 0.1f, -0.5f, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_SPIRAL, 100, 0.1f, 0, 1, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_GAUSS, 100, 0.1f, 0, 0, 1, 1, X, y), GL_ERR_PARAM);
  EXPECT(gl_dataset(GL_DATA_GAUSS, 100, 0.1f, 0, 1000, 1, 1, X, y), GL_ERR_PARAM);
#undef EXPECT
}

int main(void) {
  test_rng();
  test_circles_geometry(1000, 0.8f);
  test_circles_geometry(7, 0.3f);
  test_circles_geometry(2, 0.5f);
  test_moons_geometry(100);
  test_moons_geometry(3);
  test_balance_scaling_determinism();
  test_regression();
  test_bad_params();
  printf("test_datasets: %ld checks, %ld failed\n", checks, failures);
  return failures ? 1 : 0;
}

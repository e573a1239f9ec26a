/*
 * fuzz_datasets.c — libFuzzer harness for gl_dataset with arbitrary kind, n,
 * noise/factor (any float), classes, seed and scale flag.
 *
 * Sizes past the limits (n <= 0, n > GL_MAX_SAMPLES) must be refused before
 * anything is written: they are given 1-sample buffers, so ASan reports any
 * write. Valid sizes are kept small (n <= 2048) so runs stay fast; buffers are
 * exact so a write past X[n][2] or y[n] is seen.
 *
 * Checked on GL_OK: every point finite; scaled sets inside [-1, 1]; labels
 * are integers in [0, classes) (two classes for circles, moons and xor); the
 * regression sets (plane, multigauss, sine: X of 2, 2, 1 columns) give
 * finite values;
 * the same arguments give the same bits (seeded, deterministic).
 */
#include <stdlib.h>

#include "fuzz_common.h"

#define FZ_MAX_N 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz f = {data, size};
  uint8_t ks = fz_u8(&f);
  int kind = ks < 240 ? ks % GL_DATA_COUNT : (int8_t)fz_u8(&f);
  uint8_t ns = fz_u8(&f);
  int n = ns < 224 ? 1 + fz_u16(&f) % FZ_MAX_N : (int32_t)fz_u32(&f);
  float p1 = fz_param(&f);
  float p2 = fz_param(&f);
  if (fz_bool(&f)) p1 /= 10.0f;
  if (fz_bool(&f)) p2 /= 3.0f;
  uint8_t cs = fz_u8(&f);
  int classes = cs < 240 ? cs % 12 : (int32_t)fz_u32(&f);
  uint32_t seed = fz_u32(&f);
  int scale = fz_u8(&f) % 3 == 0 ? 0 : 1;

  if (n <= 0 || n > GL_MAX_SAMPLES) {
    float X[2] = {7, 7}, y[1] = {7};
    int32_t st = gl_dataset(kind, n, p1, p2, classes, seed, scale, X, y);
    FZ_CHECK_STATUS(st);
    FZ_CHECK(st != GL_OK, "n = %d accepted", n);
    FZ_CHECK(X[0] == 7 && X[1] == 7 && y[0] == 7, "refused call wrote output");
    return 0;
  }
  if (n > FZ_MAX_N) n = 1 + n % FZ_MAX_N; /* valid but large: keep it fast */

  float *X = malloc(sizeof(float) * 2 * (size_t)n);
  float *y = malloc(sizeof(float) * (size_t)n);
  float *X2 = malloc(sizeof(float) * 2 * (size_t)n);
  float *y2 = malloc(sizeof(float) * (size_t)n);
  if (!X || !y || !X2 || !y2) goto out;

  if (fz_u8(&f) == 255) {
    int32_t st = gl_dataset(kind, n, p1, p2, classes, seed, scale, NULL, y);
    FZ_CHECK_STATUS(st);
    FZ_CHECK(st != GL_OK, "X = NULL accepted");
    st = gl_dataset(kind, n, p1, p2, classes, seed, scale, X, NULL);
    FZ_CHECK_STATUS(st);
    FZ_CHECK(st != GL_OK, "y = NULL accepted");
    goto out;
  }

  int32_t st = gl_dataset(kind, n, p1, p2, classes, seed, scale, X, y);
  FZ_CHECK_STATUS(st);
  if (kind < 0 || kind >= GL_DATA_COUNT) {
    FZ_CHECK(st != GL_OK, "dataset kind %d accepted", kind);
    goto out;
  }
  if (st != GL_OK) goto out;

  /* the regression sets (datasets.def GL_DATASET_VALUE): a real value per
   * point, X of d columns (the sine: 1) */
  int value = kind == GL_DATA_PLANE || kind == GL_DATA_MULTIGAUSS || kind == GL_DATA_SINE;
  int d = kind == GL_DATA_SINE ? 1 : 2;
  int binary = kind == GL_DATA_CIRCLES || kind == GL_DATA_MOONS || kind == GL_DATA_XOR || value;
  int k = binary ? 2 : classes;
  FZ_CHECK(k >= 2, "kind %d accepted %d classes", kind, classes);
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < d; j++) {
      FZ_CHECK(isfinite(X[d * i + j]), "kind %d n %d noise %a p2 %a: point %d coordinate %d = %a", kind, n,
               (double)p1, (double)p2, i, j, (double)X[d * i + j]);
      if (scale)
        FZ_CHECK(fabsf(X[d * i + j]) <= 1.0f, "kind %d scaled point %d coordinate %d = %a", kind, i, j, (double)X[d * i + j]);
    }
    if (value)
      FZ_CHECK(isfinite(y[i]), "kind %d value %d = %a", kind, i, (double)y[i]);
    else
      FZ_CHECK(y[i] >= 0.0f && y[i] < (float)k && y[i] == floorf(y[i]),
               "kind %d (%d classes) label %d = %a", kind, k, i, (double)y[i]);
  }

  st = gl_dataset(kind, n, p1, p2, classes, seed, scale, X2, y2);
  FZ_CHECK(st == GL_OK, "second identical call failed: %d", (int)st);
  FZ_CHECK(memcmp(X, X2, sizeof(float) * (size_t)d * (size_t)n) == 0 &&
               memcmp(y, y2, sizeof(float) * (size_t)n) == 0,
           "kind %d: same seed, different data", kind);
out:
  free(X);
  free(y);
  free(X2);
  free(y2);
  return 0;
}

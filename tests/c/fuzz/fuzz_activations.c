/*
 * fuzz_activations.c — libFuzzer harness for gl_activate, gl_derivative and
 * gl_softmax (src/gradlab.h).
 *
 * Input: arbitrary activation ids (negative, valid, past the table), impl
 * selectors, alpha (ordinary, special or any bit pattern), sizes (valid, zero,
 * negative, above GL_MAX_ELEMENTS, rows*cols overflowing int32), and float
 * arrays made of special values (NaN, ±inf, denormals, ±FLT_MAX, ...) and
 * raw bit patterns. Buffers are malloc'ed at their exact size so ASan sees
 * any read or write past the end of a SIMD tail.
 *
 * Checked beyond "no crash, no sanitizer report":
 *  - every return value is a gl_status; bad sizes and null pointers fail;
 *  - in place gives the same bits as out of place;
 *  - SIMD and scalar agree (NaN where the other is NaN, values within a
 *    mixed 1e-4 abs/rel bound — far looser than the kernels' stated bounds,
 *    so only real disagreements trip it);
 *  - a non-NaN input never gives a NaN (±inf handled: docs/ACCURACY.md);
 *  - ranges that hold for every input: sigmoid in [0,1], tanh in [-1,1],
 *    relu >= 0, ..., and derivative ranges (sigmoid' in [0,1/4], ...);
 *  - softmax rows of finite inputs lie in [0,1] and sum to 1 within 1e-4.
 */
#include <stdlib.h>

#include "fuzz_common.h"

#define MAX_N 4096

typedef struct ids {
  int linear, step, sigmoid, tanh_, relu, leaky, elu, selu, softplus, softsign,
      hard_sigmoid, swish, gelu, mish, softmax;
} ids;

static ids g_ids;
static int g_ready;

static void init_ids(void) {
  if (g_ready) return;
  g_ids.linear = gl_activation_lookup("linear");
  g_ids.step = gl_activation_lookup("step");
  g_ids.sigmoid = gl_activation_lookup("sigmoid");
  g_ids.tanh_ = gl_activation_lookup("tanh");
  g_ids.relu = gl_activation_lookup("relu");
  g_ids.leaky = gl_activation_lookup("leaky_relu");
  g_ids.elu = gl_activation_lookup("elu");
  g_ids.selu = gl_activation_lookup("selu");
  g_ids.softplus = gl_activation_lookup("softplus");
  g_ids.softsign = gl_activation_lookup("softsign");
  g_ids.hard_sigmoid = gl_activation_lookup("hard_sigmoid");
  g_ids.swish = gl_activation_lookup("swish");
  g_ids.gelu = gl_activation_lookup("gelu");
  g_ids.mish = gl_activation_lookup("mish");
  g_ids.softmax = gl_activation_lookup("softmax");
  /* the table and the lookup agree, both ways */
  int count = gl_activation_count();
  FZ_CHECK(count == GL_ACT_COUNT, "gl_activation_count %d != %d", count,
           (int)GL_ACT_COUNT);
  for (int a = 0; a < count; a++) {
    const char *name = gl_activation_name(a);
    FZ_CHECK(name != NULL, "activation %d has no name", a);
    FZ_CHECK(gl_activation_lookup(name) == a, "lookup(name(%d)) != %d", a, a);
  }
  FZ_CHECK(gl_activation_name(-1) == NULL && gl_activation_name(count) == NULL,
           "names outside the table");
  g_ready = 1;
}

static int close_enough(float a, float b) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  if (isinf(a) || isinf(b)) {
    if (a == b) return 1;
    /* inf against a huge finite value: a kernel may overflow a step later */
    return fabsf(isinf(a) ? b : a) > 1e30f && signbit(a) == signbit(b);
  }
  float m = fmaxf(1.0f, fmaxf(fabsf(a), fabsf(b)));
  return fabsf(a - b) <= 1e-4f * m;
}

/* Ranges that hold for every non-NaN input (bounds padded by 1e-6). */
static void check_ranges(int act, int deriv, float alpha_used, const float *x,
                         const float *y, int n) {
  const float e = 1e-6f;
  for (int i = 0; i < n; i++) {
    float xi = x[i], yi = y[i];
    if (isnan(xi)) continue;
    if (act == g_ids.softmax) continue; /* checked per row elsewhere */
    FZ_CHECK(!isnan(yi), "%s%s(%a) is NaN", gl_activation_name(act),
             deriv ? "'" : "", (double)xi);
    int lo_hi = 0;
    float lo = 0, hi = 0;
    if (!deriv) {
      if (act == g_ids.sigmoid || act == g_ids.hard_sigmoid) lo = 0, hi = 1, lo_hi = 1;
      else if (act == g_ids.tanh_ || act == g_ids.softsign) lo = -1, hi = 1, lo_hi = 1;
      else if (act == g_ids.relu || act == g_ids.softplus) lo = 0, hi = INFINITY, lo_hi = 1;
      else if (act == g_ids.step) {
        FZ_CHECK(yi == 0.0f || yi == 1.0f, "step(%a) = %a", (double)xi, (double)yi);
      } else if (act == g_ids.linear) {
        FZ_CHECK(yi == xi, "linear(%a) = %a", (double)xi, (double)yi);
      } else if (act == g_ids.swish) lo = -0.2785f, hi = INFINITY, lo_hi = 1;
      else if (act == g_ids.gelu) lo = -0.1701f, hi = INFINITY, lo_hi = 1;
      else if (act == g_ids.mish) lo = -0.3089f, hi = INFINITY, lo_hi = 1;
      else if (act == g_ids.selu) lo = -1.7581f, hi = INFINITY, lo_hi = 1;
      else if (act == g_ids.elu && alpha_used >= 0 && isfinite(alpha_used))
        lo = -alpha_used * (1 + 1e-6f), hi = INFINITY, lo_hi = 1;
      if (act == g_ids.relu && xi > 0)
        FZ_CHECK(yi == xi, "relu(%a) = %a", (double)xi, (double)yi);
    } else {
      if (act == g_ids.sigmoid) lo = 0, hi = 0.25f, lo_hi = 1;
      else if (act == g_ids.tanh_ || act == g_ids.softsign ||
               act == g_ids.softplus)
        lo = 0, hi = 1, lo_hi = 1;
      else if (act == g_ids.hard_sigmoid) lo = 0, hi = 1.0f / 6.0f, lo_hi = 1;
      else if (act == g_ids.relu) {
        FZ_CHECK(yi == 0.0f || yi == 1.0f, "relu'(%a) = %a", (double)xi, (double)yi);
      } else if (act == g_ids.linear) {
        FZ_CHECK(yi == 1.0f, "linear'(%a) = %a", (double)xi, (double)yi);
      } else if (act == g_ids.step) {
        FZ_CHECK(yi == 0.0f, "step'(%a) = %a", (double)xi, (double)yi);
      }
    }
    if (lo_hi)
      FZ_CHECK(yi >= lo - e * fmaxf(1, fabsf(lo)) && yi <= hi + e * fmaxf(1, fabsf(hi)),
               "%s%s(%a) = %a outside [%g, %g]", gl_activation_name(act),
               deriv ? "'" : "", (double)xi, (double)yi, (double)lo, (double)hi);
  }
}

static void check_softmax_rows(const float *x, const float *y, int rows, int cols) {
  for (int r = 0; r < rows; r++) {
    const float *xr = x + (size_t)r * cols, *yr = y + (size_t)r * cols;
    if (!fz_finite_all(xr, (size_t)cols)) continue;
    double sum = 0;
    float lo = xr[0], hi = xr[0];
    for (int c = 1; c < cols; c++) lo = fminf(lo, xr[c]), hi = fmaxf(hi, xr[c]);
    for (int c = 0; c < cols; c++) {
      if (!(yr[c] >= 0.0f && yr[c] <= 1.0f))
        for (int k = 0; k < cols; k++)
          fprintf(stderr, "  x[%d] = %a -> %a\n", k, (double)xr[k], (double)yr[k]);
      FZ_CHECK(yr[c] >= 0.0f && yr[c] <= 1.0f,
               "softmax row %d col %d = %a (row of %d finite values in [%a, %a], x = %a)",
               r, c, (double)yr[c], cols, (double)lo, (double)hi, (double)xr[c]);
      sum += yr[c];
    }
    FZ_CHECK(fabs(sum - 1.0) <= 1e-4 * (1 + cols * 1e-3),
             "softmax row %d of %d finite values sums to %.9g", r, cols, sum);
  }
}

typedef int32_t (*act_fn)(int32_t, int32_t, const float *, float *, int32_t, float);

static void run_elementwise(fz *f, act_fn fn, int deriv) {
  int act = (int8_t)fz_u8(f);
  uint8_t isel = fz_u8(f);
  int impl = isel < 250 ? (isel & 1) : (int32_t)fz_u32(f);
  float alpha = fz_bool(f) ? NAN : fz_float(f);
  uint8_t nsel = fz_u8(f);
  int n;
  int raw_n = 0;
  if (nsel < 240) {
    n = (int)(f->n / 4) + (int)(nsel % 3) - 1; /* floats left, ±1 for tails */
    if (n > MAX_N) n = MAX_N;
    if (n < 1) n = 1;
  } else {
    n = (int32_t)fz_u32(f);
    raw_n = 1;
  }

  if (raw_n && (n < 0 || n > GL_MAX_ELEMENTS)) {
    float x[4] = {1, 2, 3, 4}, y[4];
    int32_t st = fn(act, impl, x, y, n, alpha);
    FZ_CHECK_STATUS(st);
    FZ_CHECK(st != GL_OK, "n = %d accepted", n);
    return;
  }
  if (raw_n) n = n % MAX_N; /* valid but large: keep it cheap */
  if (n == 0) {
    float x[1] = {1}, y[1] = {42};
    int32_t st = fn(act, impl, x, y, 0, alpha);
    FZ_CHECK_STATUS(st);
    FZ_CHECK(y[0] == 42, "n = 0 wrote output");
    return;
  }

  float *x = malloc(sizeof(float) * (size_t)n);
  float *y = malloc(sizeof(float) * (size_t)n);
  float *z = malloc(sizeof(float) * (size_t)n);
  if (!x || !y || !z) goto out;
  for (int i = 0; i < n; i++) x[i] = fz_float(f);

  uint8_t nullsel = fz_u8(f);
  if (nullsel == 255) {
    int32_t st = fn(act, impl, NULL, y, n, alpha);
    FZ_CHECK_STATUS(st);
    FZ_CHECK(st != GL_OK, "NULL x accepted");
    st = fn(act, impl, x, NULL, n, alpha);
    FZ_CHECK_STATUS(st);
    FZ_CHECK(st != GL_OK, "NULL y accepted");
    goto out;
  }

  int32_t st = fn(act, impl, x, y, n, alpha);
  FZ_CHECK_STATUS(st);
  int valid_act = act >= 0 && act < GL_ACT_COUNT;
  int valid_impl = impl == GL_IMPL_SIMD || impl == GL_IMPL_SCALAR;
  if (!valid_act || !valid_impl) {
    FZ_CHECK(st != GL_OK, "act %d impl %d accepted", act, impl);
    goto out;
  }
  if (st != GL_OK) {
    /* only a bad alpha may be refused: out of range for a parametric
     * activation, or infinite for any (gradlab.h says activations without a
     * parameter ignore it; activations.c refuses ±inf everywhere — accepted) */
    FZ_CHECK((gl_activation_param_count(act) > 0 && !isnan(alpha)) || isinf(alpha),
             "%s rejected (status %d) with alpha %a", gl_activation_name(act),
             (int)st, (double)alpha);
    goto out;
  }
  float alpha_used = isnan(alpha) ? gl_activation_param_default(act) : alpha;
  check_ranges(act, deriv, alpha_used, x, y, n);
  if (act == g_ids.softmax && !deriv) check_softmax_rows(x, y, 1, n);

  /* in place: same bits */
  memcpy(z, x, sizeof(float) * (size_t)n);
  st = fn(act, impl, z, z, n, alpha);
  FZ_CHECK(st == GL_OK, "in place failed: %d", (int)st);
  for (int i = 0; i < n; i++)
    FZ_CHECK(memcmp(&z[i], &y[i], 4) == 0 || (isnan(z[i]) && isnan(y[i])),
             "%s%s in place differs at %d of %d: %a vs %a", gl_activation_name(act),
             deriv ? "'" : "", i, n, (double)z[i], (double)y[i]);

  /* the other implementation agrees */
  st = fn(act, impl ^ 1, x, z, n, alpha);
  FZ_CHECK(st == GL_OK, "other impl failed: %d", (int)st);
  for (int i = 0; i < n; i++)
    FZ_CHECK(close_enough(y[i], z[i]),
             "%s%s(%a): impl %d gives %a, impl %d gives %a (i=%d of %d)",
             gl_activation_name(act), deriv ? "'" : "", (double)x[i], impl,
             (double)y[i], impl ^ 1, (double)z[i], i, n);
out:
  free(x);
  free(y);
  free(z);
}

static void run_softmax(fz *f) {
  uint8_t sel = fz_u8(f);
  int rows, cols;
  if (sel < 240) {
    rows = 1 + fz_u8(f) % 16;
    cols = 1 + fz_u8(f) % 40;
  } else {
    rows = (int32_t)fz_u32(f);
    cols = (int32_t)fz_u32(f);
    int64_t total = (int64_t)rows * cols;
    if (rows <= 0 || cols <= 0 || total > GL_MAX_ELEMENTS) {
      float x[4] = {1, 2, 3, 4}, y[4] = {42, 42, 42, 42};
      int32_t st = gl_softmax(x, y, rows, cols);
      FZ_CHECK_STATUS(st);
      /* an empty matrix may be a no-op; anything negative or too big fails */
      if (rows < 0 || cols < 0 || total > GL_MAX_ELEMENTS)
        FZ_CHECK(st != GL_OK, "softmax %d x %d accepted", rows, cols);
      for (int i = 0; i < 4; i++)
        FZ_CHECK(y[i] == 42, "softmax %d x %d wrote output", rows, cols);
      return;
    }
    rows = 1 + (rows % 16);
    cols = 1 + (cols % 40);
  }
  size_t n = (size_t)rows * (size_t)cols;
  float *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * n);
  if (!x || !y) goto out;
  for (size_t i = 0; i < n; i++) x[i] = fz_float(f);
  int32_t st = gl_softmax(x, y, rows, cols);
  FZ_CHECK_STATUS(st);
  FZ_CHECK(st == GL_OK, "softmax %d x %d failed: %d", rows, cols, (int)st);
  check_softmax_rows(x, y, rows, cols);
  st = gl_softmax(x, x, rows, cols); /* in place */
  FZ_CHECK(st == GL_OK, "softmax in place failed: %d", (int)st);
  for (size_t i = 0; i < n; i++)
    FZ_CHECK(memcmp(&x[i], &y[i], 4) == 0 || (isnan(x[i]) && isnan(y[i])),
             "softmax in place differs at %zu", i);
out:
  free(x);
  free(y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  init_ids();
  fz f = {data, size};
  switch (fz_u8(&f) % 3) {
    case 0:
      run_elementwise(&f, gl_activate, 0);
      break;
    case 1:
      run_elementwise(&f, gl_derivative, 1);
      break;
    default:
      run_softmax(&f);
      break;
  }
  return 0;
}

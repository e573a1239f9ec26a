/*
 * test_activations.c — the activation library under ASan + UBSan:
 * registry consistency, argument checking, every tail length in place and out
 * of place, special values (+-0, +-inf, NaN, extremes, saturation), SIMD vs
 * scalar vs the double reference on random points, derivatives against
 * central differences of the float kernels (and non-zero where they should
 * be), the fused backward helper, the fused forward + derivative kernels
 * (bit-identical to the separate ones) and row-wise softmax.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CHECK_MAX_PRINTED 40
#include "activations.h"
#include "check.h"
#include "reference.h"


static const char *impl_name[2] = {"simd", "scalar"};

static uint64_t rs = 0x2545F4914F6CDD1Dull;
static double urand(void) { /* [0, 1) */
  rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
  return (double)(rs >> 11) * 0x1p-53;
}
/* bit-identical, except that any NaN matches any NaN (sign and payload of a
 * NaN result are unspecified, in wasm as on x86) */
static int same_bits(float a, float b) { return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0; }

/* ---- registry ---------------------------------------------------------------- */
static void test_registry(void) {
  static const char *names[] = {"linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu",
                                "softplus", "softsign", "hard_sigmoid", "swish", "gelu", "mish", "softmax"};
  CHECK(gl_activation_count() == 15 && GL_ACT_COUNT == 15, "count %d", gl_activation_count());
  CHECK(GL_TEST_NROWS == GL_ACT_COUNT, "rows %d", GL_TEST_NROWS);
  for (int i = 0; i < GL_ACT_COUNT; i++) {
    const char *n = gl_activation_name(i);
    CHECK(n && strcmp(n, names[i]) == 0, "name(%d) = %s, want %s", i, n ? n : "NULL", names[i]);
    CHECK(gl_activation_lookup(names[i]) == i, "lookup(%s)", names[i]);
    CHECK(gl_test_rows[i].id == i, "row %d has id %d", i, gl_test_rows[i].id);
    const gl_act_info *a = gl_act_get(i);
    CHECK(a && a->forward[0] && a->forward[1] && a->derivative[0] && a->derivative[1], "kernels of %s", names[i]);
    CHECK(a && strstr(a->forward_name[GL_IMPL_SIMD], "__wasmsimd_") && strstr(a->forward_name[GL_IMPL_SCALAR], "__scalar_"),
          "kernel names of %s", names[i]);
    CHECK(gl_act_forward_kernel(i) == a->forward[GL_IMPL_SIMD] &&
          gl_act_derivative_kernel(i) == a->derivative[GL_IMPL_SIMD], "internal accessors of %s", names[i]);
    const int np = (i == GL_ACT_LEAKY_RELU || i == GL_ACT_ELU);
    CHECK(gl_activation_param_count(i) == np, "param_count(%s) = %d", names[i], gl_activation_param_count(i));
    if (!np) CHECK(isnan(gl_activation_param_default(i)), "param_default(%s) should be NaN", names[i]);
  }
  CHECK(gl_activation_param_default(GL_ACT_LEAKY_RELU) == 0.01f, "leaky_relu default alpha");
  CHECK(gl_activation_param_default(GL_ACT_ELU) == 1.0f, "elu default alpha");
  static const char *bad[] = {"", "RELU", "Relu", "relu ", "tanhh", "soft", "softmax2", "sigmoid\n"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    CHECK(gl_activation_lookup(bad[k]) == -1, "lookup(\"%s\") should be -1", bad[k]);
  CHECK(gl_activation_lookup(NULL) == -1, "lookup(NULL)");
  CHECK(gl_activation_name(-1) == NULL && gl_activation_name(GL_ACT_COUNT) == NULL, "name out of range");
  CHECK(gl_activation_param_count(-1) == 0 && gl_activation_param_count(99) == 0, "param_count out of range");
  CHECK(gl_act_get(-1) == NULL && gl_act_get(GL_ACT_COUNT) == NULL, "gl_act_get out of range");
  CHECK(gl_act_forward_kernel(GL_ACT_COUNT) == NULL && gl_act_derivative_kernel(-5) == NULL, "kernel out of range");
}

/* ---- argument checking --------------------------------------------------------- */
static void test_status(void) {
  float x[8] = {0}, y[8];
  for (int d = 0; d < 2; d++) {
    int32_t (*f)(int32_t, int32_t, const float *, float *, int32_t, float) = d ? gl_derivative : gl_activate;
    const char *w = d ? "gl_derivative" : "gl_activate";
    CHECK(f(GL_ACT_RELU, GL_IMPL_SIMD, x, y, 8, NAN) == GL_OK, "%s ok", w);
    CHECK(f(-1, GL_IMPL_SIMD, x, y, 8, NAN) == GL_ERR_ACTIVATION, "%s act -1", w);
    CHECK(f(GL_ACT_COUNT, GL_IMPL_SIMD, x, y, 8, NAN) == GL_ERR_ACTIVATION, "%s act count", w);
    CHECK(f(GL_ACT_RELU, 2, x, y, 8, NAN) == GL_ERR_PARAM, "%s impl 2", w);
    CHECK(f(GL_ACT_RELU, -1, x, y, 8, NAN) == GL_ERR_PARAM, "%s impl -1", w);
    CHECK(f(GL_ACT_RELU, GL_IMPL_SIMD, x, y, -1, NAN) == GL_ERR_SIZE, "%s n -1", w);
    CHECK(f(GL_ACT_RELU, GL_IMPL_SIMD, x, y, GL_MAX_ELEMENTS + 1, NAN) == GL_ERR_SIZE, "%s n max+1", w);
    CHECK(f(GL_ACT_RELU, GL_IMPL_SIMD, NULL, y, 8, NAN) == GL_ERR_NULL, "%s x NULL", w);
    CHECK(f(GL_ACT_RELU, GL_IMPL_SIMD, x, NULL, 8, NAN) == GL_ERR_NULL, "%s y NULL", w);
    CHECK(f(GL_ACT_RELU, GL_IMPL_SIMD, NULL, NULL, 0, NAN) == GL_OK, "%s n 0 NULL", w);
    CHECK(f(GL_ACT_TANH, GL_IMPL_SCALAR, x, y, 8, INFINITY) == GL_ERR_PARAM, "%s alpha inf", w);
    CHECK(f(GL_ACT_TANH, GL_IMPL_SCALAR, x, y, 8, -INFINITY) == GL_ERR_PARAM, "%s alpha -inf", w);
    CHECK(f(GL_ACT_TANH, GL_IMPL_SCALAR, x, y, 8, 123.0f) == GL_OK, "%s alpha ignored by tanh", w);
    CHECK(f(GL_ACT_LEAKY_RELU, GL_IMPL_SIMD, x, y, 8, 0.3f) == GL_OK, "%s leaky 0.3", w);
    CHECK(f(GL_ACT_LEAKY_RELU, GL_IMPL_SIMD, x, y, 8, 1.5f) == GL_ERR_PARAM, "%s leaky 1.5", w);
    CHECK(f(GL_ACT_LEAKY_RELU, GL_IMPL_SIMD, x, y, 8, -0.1f) == GL_ERR_PARAM, "%s leaky -0.1", w);
    CHECK(f(GL_ACT_ELU, GL_IMPL_SIMD, x, y, 8, 2.0f) == GL_OK, "%s elu 2", w);
    CHECK(f(GL_ACT_ELU, GL_IMPL_SIMD, x, y, 8, 101.0f) == GL_ERR_PARAM, "%s elu 101", w);
    CHECK(f(GL_ACT_ELU, GL_IMPL_SIMD, x, y, 8, -1.0f) == GL_ERR_PARAM, "%s elu -1", w);
  }
  /* the activation is checked first, the size before the pointers */
  CHECK(gl_activate(99, 7, NULL, NULL, -1, INFINITY) == GL_ERR_ACTIVATION, "order: activation first");
  CHECK(gl_activate(0, 0, NULL, NULL, -1, NAN) == GL_ERR_SIZE, "order: size before pointers");
  /* alpha NaN means the default; a given alpha is used */
  float in[4] = {-2.0f, -1.0f, 1.0f, 2.0f}, o1[4], o2[4];
  CHECK(gl_activate(GL_ACT_LEAKY_RELU, GL_IMPL_SIMD, in, o1, 4, NAN) == GL_OK && o1[0] == -2.0f * 0.01f, "leaky default");
  CHECK(gl_activate(GL_ACT_LEAKY_RELU, GL_IMPL_SIMD, in, o2, 4, 0.25f) == GL_OK && o2[0] == -0.5f && o2[3] == 2.0f,
        "leaky alpha 0.25: %g", (double)o2[0]);
  CHECK(gl_activate(GL_ACT_ELU, GL_IMPL_SCALAR, in, o1, 4, 2.0f) == GL_OK && fabs(o1[1] - 2.0 * expm1(-1.0)) < 1e-6,
        "elu alpha 2");
  CHECK(gl_derivative(GL_ACT_ELU, GL_IMPL_SIMD, in, o1, 4, 0.5f) == GL_OK && fabs(o1[1] - 0.5 * exp(-1.0)) < 1e-7 &&
        o1[2] == 1.0f, "elu' alpha 0.5");
  /* gl_softmax */
  CHECK(gl_softmax(x, y, 2, 4) == GL_OK, "softmax ok");
  CHECK(gl_softmax(x, y, -1, 4) == GL_ERR_SIZE && gl_softmax(x, y, 2, -4) == GL_ERR_SIZE, "softmax negative");
  CHECK(gl_softmax(x, y, 1 << 14, 1 << 14) == GL_ERR_SIZE, "softmax rows*cols above the limit");
  CHECK(gl_softmax(NULL, y, 2, 4) == GL_ERR_NULL && gl_softmax(x, NULL, 2, 4) == GL_ERR_NULL, "softmax NULL");
  CHECK(gl_softmax(NULL, NULL, 0, 4) == GL_OK && gl_softmax(NULL, NULL, 3, 0) == GL_OK, "softmax empty");
  /* params helper */
  gl_act_params p;
  CHECK(gl_act_params_make(GL_ACT_ELU, NAN, &p) == GL_OK && p.alpha == 1.0f, "params default elu");
  CHECK(gl_act_params_make(GL_ACT_COUNT, 0.0f, &p) == GL_ERR_ACTIVATION, "params bad act");
}

/* ---- tails, in place, alignment ---------------------------------------------------
 * Elementwise: y[i] depends on x[i] only, so every (offset, n) slice must equal
 * the same slice of one long run, bit for bit, and nothing beyond y[n] may be
 * written. Softmax: a row depends on n, checked against the double reference. */
#define TILE 8 /* floats per iteration of the element-wise SIMD kernels (u8) */
#define FUSED_TILE 16 /* the widest fused kernel's (tanh, u16) */
static void test_tails(void) {
  enum { LEN = 2 * TILE + 1, PAD = 8 };
  float src[64], full[64];
  for (int i = 0; i < 64; i++) src[i] = (float)(urand() * 16.0 - 8.0);
  src[5] = 0.0f; src[6] = -0.0f; src[7] = NAN; src[9] = 40.0f; src[11] = -30.0f;
  const float sentinel = 12345.678f;
  for (int r = 0; r < GL_TEST_NROWS; r++) {
    const gl_act_info *a = gl_act_get(gl_test_rows[r].id);
    for (int impl = 0; impl < 2; impl++)
      for (int d = 0; d < 2; d++) {
        gl_vfn f = d ? a->derivative[impl] : a->forward[impl];
        f(src, full, 64, NULL);
        for (int off = 0; off < 4; off++)
          for (int n = 0; n <= LEN; n++) {
            float out[LEN + 2 * PAD], inpl[LEN + 2 * PAD];
            for (int i = 0; i < LEN + 2 * PAD; i++) out[i] = inpl[i] = sentinel;
            memcpy(inpl + PAD, src + off, (size_t)n * sizeof(float));
            f(src + off, out + PAD, (size_t)n, NULL);
            f(inpl + PAD, inpl + PAD, (size_t)n, NULL); /* in place */
            int ok = 1, okin = 1, guard = 1;
            for (int i = 0; i < PAD; i++)
              guard &= out[i] == sentinel && out[PAD + n + i] == sentinel && inpl[i] == sentinel &&
                       inpl[PAD + n + i] == sentinel;
            if (gl_test_rows[r].id != GL_ACT_SOFTMAX) {
              for (int i = 0; i < n; i++) {
                ok &= same_bits(out[PAD + i], full[off + i]);
                okin &= same_bits(inpl[PAD + i], full[off + i]);
              }
            } else if (n > 0) {
              double ref[LEN], refd[LEN];
              ref_softmax_row(src + off, (size_t)n, ref, refd);
              for (int i = 0; i < n; i++) {
                const double rr = d ? refd[i] : ref[i];
                ok &= gl_within(out[PAD + i], rr, d ? gl_test_rows[r].du : gl_test_rows[r].fu, d ? gl_test_rows[r].da : gl_test_rows[r].fa);
                okin &= same_bits(inpl[PAD + i], out[PAD + i]);
              }
            }
            CHECK(ok && okin && guard, "%s %s %s tail n=%d off=%d: slice %d, in place %d, guard %d", gl_test_rows[r].name,
                  d ? "deriv" : "fwd", impl_name[impl], n, off, ok, okin, guard);
          }
      }
  }
}

/* ---- special values -------------------------------------------------------------- */
static int is_odd_like(int id) { /* f(-0) = -0: f(x) = x g(x) or odd */
  return id == GL_ACT_LINEAR || id == GL_ACT_TANH || id == GL_ACT_LEAKY_RELU || id == GL_ACT_ELU ||
         id == GL_ACT_SELU || id == GL_ACT_SOFTSIGN || id == GL_ACT_SWISH || id == GL_ACT_GELU ||
         id == GL_ACT_MISH;
}
static void test_special(void) {
  const float sv[] = {INFINITY, -INFINITY, 0.0f, -0.0f, NAN, -NAN, FLT_MAX, -FLT_MAX, FLT_MIN, -FLT_MIN,
                      0x1p-149f, -0x1p-149f, 1e-30f, -1e-30f, 1e30f, -1e30f, 200.0f, -200.0f, 1e5f, -1e5f};
  const int ns = (int)(sizeof sv / sizeof sv[0]);
  for (int r = 0; r < GL_TEST_NROWS; r++) {
    const gl_test_row *R = &gl_test_rows[r];
    if (R->id == GL_ACT_SOFTMAX) continue;
    const gl_act_info *a = gl_act_get(R->id);
    gl_act_params p;
    gl_act_params_make(R->id, NAN, &p);
    for (int impl = 0; impl < 2; impl++) {
      float y[32], yd[32];
      a->forward[impl](sv, y, (size_t)ns, &p);
      a->derivative[impl](sv, yd, (size_t)ns, &p);
      for (int i = 0; i < ns; i++) {
        const double rf = R->ref(sv[i], p.alpha), rd = R->ref_d(sv[i], p.alpha);
        CHECK(gl_within(y[i], rf, R->fu, R->fa), "%s %s f(%g) = %.9g, ref %.17g", R->name, impl_name[impl],
              (double)sv[i], (double)y[i], rf);
        CHECK(gl_within(yd[i], rd, R->du, R->da), "%s %s f'(%g) = %.9g, ref %.17g", R->name, impl_name[impl],
              (double)sv[i], (double)yd[i], rd);
        if (isnan(sv[i])) CHECK(isnan(y[i]) && isnan(yd[i]), "%s %s NaN in -> NaN out", R->name, impl_name[impl]);
        if (isinf(sv[i]) || rf == 0.0) /* exact limits and zeros */
          CHECK((float)rf == y[i], "%s %s f(%g) = %.9g, want exactly %g", R->name, impl_name[impl],
                (double)sv[i], (double)y[i], rf);
        if (isinf(sv[i]))
          CHECK((float)rd == yd[i], "%s %s f'(%g) = %.9g, want exactly %g", R->name, impl_name[impl],
                (double)sv[i], (double)yd[i], rd);
        if (sv[i] == 0.0f && is_odd_like(R->id))
          CHECK(signbit(y[i]) == signbit(sv[i]), "%s %s f(%s0) has the wrong sign", R->name, impl_name[impl],
                signbit(sv[i]) ? "-" : "+");
      }
    }
  }
  /* leaky_relu with alpha = 0 (allowed) at -inf: 0 * -inf must not be NaN */
  for (int impl = 0; impl < 2; impl++) {
    const float xin[3] = {-INFINITY, -1.0f, INFINITY};
    float yo[3];
    CHECK(gl_activate(GL_ACT_LEAKY_RELU, impl, xin, yo, 3, 0.0f) == GL_OK && yo[0] == 0.0f && yo[1] == 0.0f &&
          yo[2] == INFINITY, "leaky_relu %s alpha 0: %g %g %g", impl_name[impl], (double)yo[0], (double)yo[1],
          (double)yo[2]);
  }
  /* saturation: exact limits where float rounds to them, derivative still > 0 */
  struct { int id; float x, f; int deriv_positive; } sat[] = {
      {GL_ACT_SIGMOID, 20.0f, 1.0f, 1}, {GL_ACT_SIGMOID, -110.0f, 0.0f, 0}, {GL_ACT_TANH, 9.1f, 1.0f, 1},
      {GL_ACT_TANH, -9.1f, -1.0f, 1}, {GL_ACT_TANH, 30.0f, 1.0f, 1}, {GL_ACT_ELU, -20.0f, -1.0f, 1},
      {GL_ACT_SOFTPLUS, 30.0f, 30.0f, 1}, {GL_ACT_SWISH, 30.0f, 30.0f, 1}, {GL_ACT_GELU, 8.0f, 8.0f, 0},
      {GL_ACT_MISH, 30.0f, 30.0f, 1}, {GL_ACT_HARD_SIGMOID, 3.0f, 1.0f, 0}, {GL_ACT_HARD_SIGMOID, -3.0f, 0.0f, 0}};
  for (size_t k = 0; k < sizeof sat / sizeof sat[0]; k++)
    for (int impl = 0; impl < 2; impl++) {
      float y, yd;
      const gl_act_info *a = gl_act_get(sat[k].id);
      a->forward[impl](&sat[k].x, &y, 1, NULL);
      a->derivative[impl](&sat[k].x, &yd, 1, NULL);
      CHECK(y == sat[k].f, "%s %s saturation f(%g) = %.9g, want %g", a->name, impl_name[impl], (double)sat[k].x,
            (double)y, (double)sat[k].f);
      if (sat[k].deriv_positive)
        CHECK(yd > 0.0f, "%s %s f'(%g) = %g should stay > 0 in saturation", a->name, impl_name[impl],
              (double)sat[k].x, (double)yd);
    }
}

/* ---- random points: SIMD, scalar, reference ------------------------------------------ */
static void test_random_accuracy(void) {
  enum { N = 3000 };
  static float x[N], ys[N], yc[N];
  for (int r = 0; r < GL_TEST_NROWS; r++) {
    const gl_test_row *R = &gl_test_rows[r];
    if (R->id == GL_ACT_SOFTMAX) continue;
    const gl_act_info *a = gl_act_get(R->id);
    const float alphas[2] = {NAN, R->id == GL_ACT_LEAKY_RELU ? 0.2f : 0.5f};
    for (int ai = 0; ai < (gl_activation_param_count(R->id) ? 2 : 1); ai++) {
      gl_act_params p;
      CHECK(gl_act_params_make(R->id, alphas[ai], &p) == GL_OK, "params");
      const double lo = R->lo < -50 ? -50 : R->lo, hi = R->hi > 50 ? 50 : R->hi;
      for (int i = 0; i < N; i++)
        x[i] = (float)(i % 3 == 0 ? lo + (hi - lo) * urand() : (urand() - 0.5) * 8.0 * pow(10.0, -4 + 4 * urand()));
      for (int d = 0; d < 2; d++) {
        (d ? a->derivative : a->forward)[GL_IMPL_SIMD](x, ys, N, &p);
        (d ? a->derivative : a->forward)[GL_IMPL_SCALAR](x, yc, N, &p);
        long bad_s = 0, bad_c = 0, far = 0;
        for (int i = 0; i < N; i++) {
          const double rr = (d ? R->ref_d : R->ref)(x[i], p.alpha);
          bad_s += !gl_within(ys[i], rr, d ? R->du : R->fu, d ? R->da : R->fa);
          bad_c += !gl_within(yc[i], rr, d ? R->du : R->fu, d ? R->da : R->fa);
          /* SIMD vs scalar: each within its bound of the reference, so within twice of each other */
          far += !gl_within(ys[i], yc[i], 2 * (d ? R->du : R->fu) + 1, 2 * (d ? R->da : R->fa));
        }
        CHECK(bad_s == 0 && bad_c == 0 && far == 0, "%s %s alpha %g: %ld SIMD, %ld scalar outside the bound, %ld SIMD/scalar apart",
              R->name, d ? "deriv" : "fwd", (double)p.alpha, bad_s, bad_c, far);
      }
    }
  }
}

/* ---- derivatives against central differences of the float kernels ------------------------
 * x on a grid of 2^-10 and h = 2^-8, so x +- h are exact floats; the difference
 * quotient is formed in double from float outputs: its error is about
 * 2 ulp(f) / 2h + h^2 |f'''| / 6. */
static void test_central_differences(void) {
  const double h = 0x1p-8;
  for (int r = 0; r < GL_TEST_NROWS; r++) {
    const gl_test_row *R = &gl_test_rows[r];
    if (R->id == GL_ACT_SOFTMAX || R->id == GL_ACT_STEP) continue;
    const gl_act_info *a = gl_act_get(R->id);
    const float alphas[2] = {NAN, R->id == GL_ACT_LEAKY_RELU ? 0.2f : 0.5f};
    for (int ai = 0; ai < (gl_activation_param_count(R->id) ? 2 : 1); ai++) {
      gl_act_params p;
      gl_act_params_make(R->id, alphas[ai], &p);
      for (int impl = 0; impl < 2; impl++) {
        long bad = 0, zero = 0, tested = 0;
        double worst = 0, wx = 0;
        for (int k = 0; k < 400; k++) {
          const float x = (float)(ldexp(floor(urand() * 12288.0) - 6144.0, -10)); /* [-6, 6) on the grid */
          /* skip kinks: 0 (relu family, elu), +-3 (hard_sigmoid) */
          if (fabs(x) <= 2 * h || fabs(fabs(x) - 3.0) <= 2 * h) continue;
          float xs[3] = {(float)(x - h), x, (float)(x + h)}, ys[3], yd[3];
          a->forward[impl](xs, ys, 3, &p);
          a->derivative[impl](xs, yd, 3, &p);
          const double cd = ((double)ys[2] - (double)ys[0]) / (2 * h);
          const double tol = 1e-4 + 2e-4 * fabs(cd) + 4 * 0x1p-24 * (fabs(ys[0]) + fabs(ys[2])) / (2 * h);
          const double err = fabs(cd - yd[1]);
          if (err > tol) { bad++; if (err > worst) { worst = err; wx = x; } }
          /* non-zero where the reference derivative is clearly non-zero */
          const double rd = R->ref_d(x, p.alpha);
          if (fabs(rd) > 1e-30 && yd[1] == 0.0f) zero++;
          tested++;
        }
        CHECK(tested > 300 && bad == 0 && zero == 0,
              "%s %s alpha %g: %ld of %ld central differences off (worst %.3g at x = %g), %ld zero derivatives",
              R->name, impl_name[impl], (double)p.alpha, bad, tested, worst, wx, zero);
      }
    }
  }
  /* softmax: d s_i / d x_i = s_i (1 - s_i), by perturbing x_i alone */
  for (int impl = 0; impl < 2; impl++) {
    const gl_act_info *a = gl_act_get(GL_ACT_SOFTMAX);
    long bad = 0;
    for (int t = 0; t < 50; t++) {
      float x[7], y[7], d[7], xp[7], xm[7], yp[7], ym[7];
      for (int i = 0; i < 7; i++) x[i] = (float)ldexp(floor(urand() * 4096.0) - 2048.0, -10);
      a->forward[impl](x, y, 7, NULL);
      a->derivative[impl](x, d, 7, NULL);
      for (int i = 0; i < 7; i++) {
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[i] = (float)(x[i] + h); xm[i] = (float)(x[i] - h);
        a->forward[impl](xp, yp, 7, NULL);
        a->forward[impl](xm, ym, 7, NULL);
        const double cd = ((double)yp[i] - (double)ym[i]) / (2 * h);
        bad += fabs(cd - d[i]) > 1e-4 + 2e-4 * fabs(cd) || d[i] <= 0.0f;
      }
    }
    CHECK(bad == 0, "softmax %s: %ld Jacobian-diagonal entries off their central differences", impl_name[impl], bad);
  }
}

/* ---- fused backward ------------------------------------------------------------------ */
static void test_backward(void) {
  enum { N = 600 };
  static float z[N], dy[N], dz[N], want[N], buf[N];
  for (int i = 0; i < N; i++) { z[i] = (float)(urand() * 12 - 6); dy[i] = (float)(urand() * 2 - 1); }
  for (int r = 0; r < GL_TEST_NROWS; r++) {
    const int id = gl_test_rows[r].id;
    if (id == GL_ACT_SOFTMAX) {
      CHECK(gl_act_backward(id, z, dy, dz, 4, NULL) == GL_ERR_ACTIVATION, "backward softmax refused");
      continue;
    }
    gl_act_derivative_kernel(id)(z, want, N, NULL);
    for (int i = 0; i < N; i++) want[i] *= dy[i];
    const size_t ns[] = {0, 1, 3, 4, 5, 255, 256, 257, 513, N};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
      const size_t n = ns[k];
      int ok = gl_act_backward(id, z, dy, dz, n, NULL) == GL_OK;
      for (size_t i = 0; i < n; i++) ok &= same_bits(dz[i], want[i]);
      memcpy(buf, dy, sizeof dy); /* dz aliases dy */
      ok &= gl_act_backward(id, z, buf, buf, n, NULL) == GL_OK;
      for (size_t i = 0; i < n; i++) ok &= same_bits(buf[i], want[i]);
      memcpy(buf, z, sizeof z); /* dz aliases z */
      ok &= gl_act_backward(id, buf, dy, buf, n, NULL) == GL_OK;
      for (size_t i = 0; i < n; i++) ok &= same_bits(buf[i], want[i]);
      CHECK(ok, "backward %s n=%zu", gl_test_rows[r].name, n);
    }
  }
  CHECK(gl_act_backward(GL_ACT_TANH, NULL, dy, dz, 4, NULL) == GL_ERR_NULL, "backward NULL");
  CHECK(gl_act_backward(GL_ACT_COUNT, z, dy, dz, 4, NULL) == GL_ERR_ACTIVATION, "backward bad id");
  CHECK(gl_act_backward(GL_ACT_TANH, NULL, NULL, NULL, 0, NULL) == GL_OK, "backward n 0");
}

/* ---- fused forward + derivative (gl_vfn2) ------------------------------------------
 * Bit-identical to the separate kernels of the same implementation, for random
 * values of several scales mixed with special values (so that vectors mix
 * lanes on both sides of the kernels' clamps and flushes: tanh |x| = 8.67
 * (expm1(-2|x|) = -1 from there), 10 (the forward's clamp, not the fused
 * kernel's) and ~44.5 (4e flushed to 0); elu / selu x < -16.6 (the full-range
 * exp)), every tail length and offset, in place (y == x and
 * dy == x), default and explicit alpha. */
static void test_fused(void) {
  enum { N = 1031 };
  static float x[N], yf[N], yd[N], f2[N], d2[N], buf[N], buf2[N];
  static const float specials[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, FLT_MAX, -FLT_MAX, FLT_MIN, -FLT_MIN,
                                   0x1p-140f, -0x1p-140f, 10.0f, -10.0f, 10.5f, -10.5f, -16.6f, -16.7f,
                                   -17.2f, -17.5f, -20.0f, -45.0f, 45.0f, -88.0f, -90.0f, -104.5f, -110.0f,
                                   200.5f, -200.5f, 1e-7f, -1e-7f, -0.7518f, -1.1924f, -1.2785f,
                                   8.66f, -8.67f, 44.4f, -44.6f};
  const int ns = (int)(sizeof specials / sizeof specials[0]);
  for (int i = 0; i < N; i++) {
    const double u = urand();
    if (i % 5 == 0) x[i] = specials[(i / 5) % ns];
    else if (i % 5 == 1) x[i] = (float)((u * 2 - 1) * 60.0);
    else if (i % 5 == 2) x[i] = (float)((urand() < 0.5 ? -1 : 1) * pow(2.0, -30.0 + 40.0 * u));
    else x[i] = (float)(u * 16 - 8);
  }
  for (int r = 0; r < GL_TEST_NROWS; r++) {
    const int id = gl_test_rows[r].id;
    const gl_act_info *a = gl_act_get(id);
    if (id == GL_ACT_SOFTMAX) {
      CHECK(!gl_act_fused(id, GL_IMPL_SIMD) && !gl_act_fused(id, GL_IMPL_SCALAR) && !gl_act_fused_kernel(id) &&
                !gl_act_fused_name(id, GL_IMPL_SIMD),
            "softmax has no fused kernel");
      continue;
    }
    const float alphas[] = {NAN, 0.0f, 0.25f, 1.0f, 2.5f};
    const int nalpha = gl_activation_param_count(id) ? 5 : 1;
    for (int ai = 0; ai < nalpha; ai++) {
      gl_act_params p;
      if (gl_act_params_make(id, alphas[ai], &p) != GL_OK) continue; /* e.g. leaky_relu alpha 2.5 */
      const gl_act_params *pp = ai == 0 ? NULL : &p;
      for (int impl = 0; impl < 2; impl++) {
        gl_vfn2 fd = gl_act_fused(id, impl);
        const char *nm = gl_act_fused_name(id, impl);
        CHECK(fd && nm && strstr(nm, "_fd__") && strstr(nm, impl ? "__scalar" : "__wasmsimd"),
              "%s %s fused kernel registered (%s)", gl_test_rows[r].name, impl_name[impl], nm ? nm : "NULL");
        if (!fd) continue;
        if (impl == GL_IMPL_SIMD) CHECK(gl_act_fused_kernel(id) == fd, "%s fused_kernel = SIMD", gl_test_rows[r].name);
        a->forward[impl](x, yf, N, pp);
        a->derivative[impl](x, yd, N, pp);
        fd(x, f2, d2, N, pp);
        int ok = 1, first = -1;
        for (int i = 0; i < N; i++) {
          const int same = same_bits(f2[i], yf[i]) && same_bits(d2[i], yd[i]);
          if (!same && first < 0) first = i;
          ok &= same;
        }
        CHECK(ok, "%s %s fused alpha %g: first difference at x = %a: f %a vs %a, f' %a vs %a", gl_test_rows[r].name,
              impl_name[impl], (double)(pp ? pp->alpha : NAN), first < 0 ? 0.0 : (double)x[first],
              first < 0 ? 0.0 : (double)f2[first], first < 0 ? 0.0 : (double)yf[first],
              first < 0 ? 0.0 : (double)d2[first], first < 0 ? 0.0 : (double)yd[first]);
        /* every tail length and offset; nothing written beyond n */
        int tails = 1;
        for (int off = 0; off < 4; off++)
          for (int n = 0; n <= 2 * FUSED_TILE + 3; n++) {
            for (int i = 0; i < 48; i++) buf[i] = buf2[i] = 777.0f;
            fd(x + off, buf, buf2, (size_t)n, pp);
            for (int i = 0; i < n; i++)
              tails &= same_bits(buf[i], yf[off + i]) && same_bits(buf2[i], yd[off + i]);
            for (int i = n; i < 48; i++) tails &= buf[i] == 777.0f && buf2[i] == 777.0f;
          }
        CHECK(tails, "%s %s fused tails", gl_test_rows[r].name, impl_name[impl]);
        /* in place: y == x, then dy == x */
        int inpl = 1;
        memcpy(buf, x, sizeof x);
        fd(buf, buf, d2, N, pp);
        for (int i = 0; i < N; i++) inpl &= same_bits(buf[i], yf[i]) && same_bits(d2[i], yd[i]);
        memcpy(buf, x, sizeof x);
        fd(buf, f2, buf, N, pp);
        for (int i = 0; i < N; i++) inpl &= same_bits(f2[i], yf[i]) && same_bits(buf[i], yd[i]);
        CHECK(inpl, "%s %s fused in place", gl_test_rows[r].name, impl_name[impl]);
      }
    }
  }
  CHECK(!gl_act_fused(GL_ACT_COUNT, GL_IMPL_SIMD) && !gl_act_fused(-1, GL_IMPL_SCALAR) &&
            !gl_act_fused(GL_ACT_TANH, 2) && !gl_act_fused_kernel(GL_ACT_COUNT) && !gl_act_fused_name(GL_ACT_TANH, -1),
        "fused: out-of-range act / impl give NULL");
}

/* ---- row-wise softmax ------------------------------------------------------------------ */
static void test_softmax_rows(void) {
  enum { R = 9, C = 11 };
  static float x[R * C], y[R * C], row1[C];
  for (int i = 0; i < R * C; i++) x[i] = (float)(urand() * 20 - 10);
  x[3] = 80.0f; x[4] = 79.0f; /* a dominant entry: s close to 1 */
  CHECK(gl_softmax(x, y, R, C) == GL_OK, "softmax");
  for (int r = 0; r < R; r++) {
    double s = 0, ref[C], refd[C];
    ref_softmax_row(x + r * C, C, ref, refd);
    int ok = 1;
    for (int c = 0; c < C; c++) { s += y[r * C + c]; ok &= gl_within(y[r * C + c], ref[c], 4, 0); }
    CHECK(ok && fabs(s - 1.0) < 4e-7, "softmax row %d: sum %.9g, within bound %d", r, s, ok);
  }
  memcpy(row1, x, sizeof row1);
  CHECK(gl_softmax(row1, row1, 1, C) == GL_OK && memcmp(row1, y, sizeof row1) == 0, "softmax in place");
  /* derivative at a dominant entry: 1 - s is tiny but exact, not 0 */
  float d[C];
  gl_derivative(GL_ACT_SOFTMAX, GL_IMPL_SIMD, x, d, C, NAN);
  double ref[C], refd[C];
  ref_softmax_row(x, C, ref, refd);
  CHECK(d[3] > 0.0f && gl_within(d[3], refd[3], 4, 0), "softmax' at the dominant entry %.9g vs %.9g",
        (double)d[3], refd[3]);
  /* huge spreads (found by fuzzing): x - max far below -104, or its rounding
   * error (TwoSum lo) itself huge, must give exactly 0, never NaN or junk */
  static const float huge_rows[4][4] = {{-3e38f, 117.0f, 0.0f, 0.0f}, {7.2e22f, -2.5e38f, -0.92f, 0.0f},
                                        {-FLT_MAX, FLT_MAX, 1.0f, -1e30f},
                                        {0x1.696846p+126f, FLT_MAX, -78.49f, FLT_MAX}};
  static const int huge_n[4] = {4, 3, 4, 4};
  for (int k = 0; k < 4; k++)
    for (int impl = 0; impl < 2; impl++) {
      float o[4], od[4];
      double rf[4], rd[4];
      const int n = huge_n[k];
      gl_activate(GL_ACT_SOFTMAX, impl, huge_rows[k], o, n, NAN);
      gl_derivative(GL_ACT_SOFTMAX, impl, huge_rows[k], od, n, NAN);
      ref_softmax_row(huge_rows[k], (size_t)n, rf, rd);
      int ok = 1;
      for (int i = 0; i < n; i++) ok &= gl_within(o[i], rf[i], 4, 0) && gl_within(od[i], rd[i], 4, 0);
      CHECK(ok, "softmax %s of huge-spread row %d: %g %g %g", impl_name[impl], k, (double)o[0], (double)o[1], (double)o[2]);
    }
  /* NaN / +inf anywhere -> the row is NaN */
  float bad[5] = {1, 2, NAN, 3, 4}, out[5];
  for (int impl = 0; impl < 2; impl++) {
    for (int d = 0; d < 2; d++) { /* a NaN at every position of a 9-entry row (2 vectors + tail) */
      for (int at = 0; at < 9; at++) {
        float row[9] = {1, -2, 3, 0.5f, 4, -1, 2, 8, -3}, o9[9];
        row[at] = NAN;
        (d ? gl_derivative : gl_activate)(GL_ACT_SOFTMAX, impl, row, o9, 9, NAN);
        int all = 1;
        for (int i = 0; i < 9; i++) all &= isnan(o9[i]);
        CHECK(all, "softmax %s %s: NaN at %d must make the whole row NaN", d ? "deriv" : "fwd", impl_name[impl], at);
      }
    }
    gl_activate(GL_ACT_SOFTMAX, impl, bad, out, 5, NAN);
    CHECK(isnan(out[0]) && isnan(out[4]), "softmax %s NaN row", impl_name[impl]);
    float allm[6] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    gl_activate(GL_ACT_SOFTMAX, impl, allm, out, 5, NAN);
    CHECK(isnan(out[0]) && isnan(out[4]), "softmax %s all -inf row -> NaN", impl_name[impl]);
    float inf[3] = {1, INFINITY, 0};
    gl_activate(GL_ACT_SOFTMAX, impl, inf, out, 3, NAN);
    CHECK(isnan(out[0]) && isnan(out[1]), "softmax %s +inf row", impl_name[impl]);
    float minf[3] = {-INFINITY, 0, -INFINITY};
    gl_activate(GL_ACT_SOFTMAX, impl, minf, out, 3, NAN);
    CHECK(out[0] == 0.0f && out[1] == 1.0f && out[2] == 0.0f, "softmax %s -inf entries", impl_name[impl]);
  }
}

int main(void) {
  test_registry();
  test_status();
  test_tails();
  test_special();
  test_random_accuracy();
  test_central_differences();
  test_backward();
  test_fused();
  test_softmax_rows();
  printf("test_activations: %ld checks, %ld failed\n", checks, failures);
  return failures != 0;
}

/*
 * opt_accuracy.c — accuracy sweep of every activation and derivative, SIMD and
 * scalar, against the double references of reference.h (built optimised,
 * without sanitizers).
 *
 * For each row of activations.def it walks the floats of [dom_lo, dom_hi] in
 * order of their bit patterns with a stride (env GRADLAB_SWEEP_STRIDE; default
 * below, ~5-10 M points per function, ~8 s for the program; `make sweep` = stride 1 = every float),
 * records the worst error and fails (exit 1) when a point is outside the
 * row's bound: ulp error > ulp_bound AND abs error > abs_bound.
 * --full (make sweep, with stride 1: every float of every domain, tens of
 * minutes) prints a progress line per function to stderr; --everywhere widens
 * every domain to the whole finite float line.
 * GRADLAB_SWEEP_ONLY=<name> restricts the run to one activation.
 * Softmax is checked on random rows instead (lengths 1..67, seeded).
 * Prints the accuracy table as markdown (for docs/ACCURACY.md) on stdout.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activations.h"
#include "reference.h"

#define DEFAULT_STRIDE 401u /* odd, so every mantissa pattern class is hit */
#define CHUNK 4096


/* worst errors of one kernel */
typedef struct worst {
  double ulp;    /* worst ulp error over points outside the abs bound */
  double abs;    /* worst abs error over points outside the ulp bound */
  double ulp_x;  /* where */
  long fails;    /* points outside both */
  float fail_x;  /* first failing input */
  float fail_y;
  double fail_r;
} worst;

static void account(worst *w, float x, float y, double r, double ub, double ab) {
  const double a = gl_abs_err(y, r), u = gl_ulp_err(y, r);
  if (a > ab && u > w->ulp) { w->ulp = u; w->ulp_x = x; }
  if (u > ub && a > w->abs) w->abs = a;
  if (!(a <= ab || u <= ub)) {
    if (w->fails == 0) { w->fail_x = x; w->fail_y = y; w->fail_r = r; }
    w->fails++;
  }
}

/* order-preserving map float <-> int64 */
static int64_t fkey(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return (u & 0x80000000u) ? -(int64_t)(u & 0x7fffffffu) : (int64_t)u;
}
static float funkey(int64_t k) {
  uint32_t u = k < 0 ? (uint32_t)(-k) | 0x80000000u : (uint32_t)k;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static void fmt_worst(char *buf, size_t n, const worst *w, double ab) {
  if (ab > 0 && w->ulp == 0) { snprintf(buf, n, "all within abs"); return; }
  int k = snprintf(buf, n, "%.3g ulp", w->ulp);
  if (ab > 0 && w->abs > 0 && (size_t)k < n) snprintf(buf + k, n - (size_t)k, "; %.2g abs", w->abs);
}
static void fmt_bound(char *buf, size_t n, double ub, double ab) {
  int k = snprintf(buf, n, "%g ulp", ub);
  if (ab > 0 && (size_t)k < n) {
    int e2;
    if (frexp(ab, &e2) == 0.5) snprintf(buf + k, n - (size_t)k, " or 2^%d abs", e2 - 1);
    else snprintf(buf + k, n - (size_t)k, " or %.2g abs", ab);
  }
}

static uint64_t lcg_state = 0x9E3779B97F4A7C15ull;
static double lcg_uniform(void) {
  lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(lcg_state >> 11) * 0x1p-53;
}

int main(int argc, char **argv) {
  int full = 0, everywhere = 0;
  for (int a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--full") == 0) full = 1;
    else if (strcmp(argv[a], "--everywhere") == 0) everywhere = 1;
    else { fprintf(stderr, "usage: opt_accuracy [--full] [--everywhere]\n"); return 2; }
  }
  unsigned long stride = DEFAULT_STRIDE;
  const char *env = getenv("GRADLAB_SWEEP_STRIDE");
  if (env && *env) {
    char *end;
    stride = strtoul(env, &end, 10);
    if (*end || stride == 0) { fprintf(stderr, "GRADLAB_SWEEP_STRIDE must be a positive integer\n"); return 2; }
  }
  const char *only = getenv("GRADLAB_SWEEP_ONLY"); /* one activation by name */
  static float xs[CHUNK], ys[CHUNK];
  static double rf[CHUNK], rd[CHUNK];
  int failed = 0;
  const clock_t t0 = clock();
  printf("| function | domain | points | fwd bound | fwd worst SIMD | fwd worst scalar | deriv bound | deriv worst SIMD | deriv worst scalar |\n");
  printf("|---|---|---|---|---|---|---|---|---|\n");
  for (size_t ri = 0; ri < sizeof gl_test_rows / sizeof gl_test_rows[0]; ri++) {
    const gl_test_row *R = &gl_test_rows[ri];
    if (only && *only && strcmp(only, R->name) != 0) continue;
    const gl_act_info *A = gl_act_get(R->id);
    gl_act_params p;
    if (gl_act_params_make(R->id, NAN, &p) != GL_OK) { printf("params of %s\n", R->name); return 1; }
    const double alpha = p.alpha;
    worst w[4]; /* fwd simd, fwd scalar, deriv simd, deriv scalar */
    memset(w, 0, sizeof w);
    long points = 0;
    char dom[64];
    if (R->id == GL_ACT_SOFTMAX) {
      /* random rows; values spread over [lo, hi] scaled by a random factor */
      static double ref[128], refd[128];
      const long nrows = (long)(2000000 / stride) + 2000;
      for (long k = 0; k < nrows; k++) {
        const size_t n = 1 + (size_t)(lcg_uniform() * 67);
        const double scale = pow(10.0, -3.0 + 3.0 * lcg_uniform());
        for (size_t i = 0; i < n; i++)
          xs[i] = (float)((R->lo + (R->hi - R->lo) * lcg_uniform()) * scale);
        ref_softmax_row(xs, n, ref, refd);
        for (int impl = 0; impl < 2; impl++) {
          A->forward[impl](xs, ys, n, NULL);
          for (size_t i = 0; i < n; i++) account(&w[impl], xs[i], ys[i], ref[i], R->fu, R->fa);
          A->derivative[impl](xs, ys, n, NULL);
          for (size_t i = 0; i < n; i++) account(&w[2 + impl], xs[i], ys[i], refd[i], R->du, R->da);
        }
        points += (long)n;
      }
      snprintf(dom, sizeof dom, "rows of 1..67 in [%g, %g]·10^[-3,0]", R->lo, R->hi);
    } else {
      const float lo = everywhere ? -FLT_MAX : R->lo, hi = everywhere ? FLT_MAX : R->hi;
      const int64_t k0 = fkey(lo), k1 = fkey(hi);
      int64_t k = k0;
      while (k <= k1) {
        size_t m = 0;
        for (; m < CHUNK && k <= k1; m++, k += (int64_t)stride) xs[m] = funkey(k);
        /* the end points too */
        if (k > k1 && m < CHUNK) xs[m++] = hi;
        for (size_t i = 0; i < m; i++) {
          rf[i] = R->ref(xs[i], alpha);
          rd[i] = R->ref_d(xs[i], alpha);
        }
        for (int impl = 0; impl < 2; impl++) {
          A->forward[impl](xs, ys, m, &p);
          for (size_t i = 0; i < m; i++) account(&w[impl], xs[i], ys[i], rf[i], R->fu, R->fa);
          A->derivative[impl](xs, ys, m, &p);
          for (size_t i = 0; i < m; i++) account(&w[2 + impl], xs[i], ys[i], rd[i], R->du, R->da);
        }
        points += (long)m;
      }
      snprintf(dom, sizeof dom, "[%.4g, %.4g]", (double)lo, (double)hi);
    }
    char fb[48], db[48], c[4][48];
    fmt_bound(fb, sizeof fb, R->fu, R->fa);
    fmt_bound(db, sizeof db, R->du, R->da);
    for (int j = 0; j < 4; j++) fmt_worst(c[j], sizeof c[j], &w[j], j < 2 ? R->fa : R->da);
    printf("| %s | %s | %ld | %s | %s | %s | %s | %s | %s |\n", R->name, dom, points, fb, c[0], c[1],
           db, c[2], c[3]);
    if (full) fprintf(stderr, "%s: %ld points, %.0f s so far\n", R->name, points, (double)(clock() - t0) / CLOCKS_PER_SEC);
    static const char *what[4] = {"forward SIMD", "forward scalar", "derivative SIMD", "derivative scalar"};
    for (int j = 0; j < 4; j++) {
      if (w[j].fails) {
        failed = 1;
        fprintf(stderr, "FAIL %s %s: %ld points outside the bound, first x = %.9g (0x%a): got %.9g, ref %.17g; worst %.3g ulp at x = %.9g\n",
                R->name, what[j], w[j].fails, (double)w[j].fail_x, (double)w[j].fail_x,
                (double)w[j].fail_y, w[j].fail_r, w[j].ulp, w[j].ulp_x);
      }
    }
  }
  printf("\nBound: |y - ref| <= N ulp(ref), or <= the absolute bound where one is given (ulp(r) = "
         "2^(exponent(r) - 23), 2^-149 for subnormal r). Worst: the largest ulp error among points outside "
         "the absolute bound; after ';' the largest absolute error among points outside the ulp bound. "
         "Reference: double precision (tests/c/reference.h). Stride %lu over the float bit patterns%s.\n",
         stride, everywhere ? ", whole float range" : "");
  fprintf(stderr, "opt_accuracy: stride %lu%s, %.1f s, %s\n", stride, everywhere ? " (whole float range)" : "",
          (double)(clock() - t0) / CLOCKS_PER_SEC, failed ? "FAILED" : "all within bounds");
  return failed;
}

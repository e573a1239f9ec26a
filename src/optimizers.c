/* optimizers.c — SGD (momentum, Nesterov), Adam and RMSprop with Keras'
 * update rules, optional L1/L2 penalties on kernels; the state (m, v) lives in
 * the network's arena and persists across epochs until set_optimizer. */
#include "network_internal.h"

static int unit_interval(float x) { return isfinite(x) && x >= 0.0f && x < 1.0f; }

GL_API int32_t gl_net_set_optimizer(gl_net *net, int32_t type, float lr,
                                    float momentum, int32_t nesterov,
                                    float beta1, float beta2, float eps,
                                    float l1, float l2) {
  if (!net) return GL_ERR_NULL;
  if (type < 0 || type >= GL_OPT_COUNT) return GL_ERR_OPTIMIZER;
  if (!(isfinite(lr) && lr > 0.0f)) return GL_ERR_PARAM;
  if (!(isfinite(l1) && l1 >= 0.0f && isfinite(l2) && l2 >= 0.0f)) return GL_ERR_PARAM;
  if (type == GL_OPT_SGD && !unit_interval(momentum)) return GL_ERR_PARAM;
  if (type == GL_OPT_ADAM && !(unit_interval(beta1) && unit_interval(beta2))) return GL_ERR_PARAM;
  if (type == GL_OPT_RMSPROP && !(unit_interval(beta2) && unit_interval(momentum))) return GL_ERR_PARAM;
  if (type != GL_OPT_SGD && !(isfinite(eps) && eps > 0.0f)) return GL_ERR_PARAM;
  net->opt = type;
  net->lr = lr;
  net->momentum = type == GL_OPT_ADAM ? 0.0f : momentum;
  net->nesterov = type == GL_OPT_SGD && nesterov != 0;
  net->beta1 = beta1;
  net->beta2 = beta2;
  net->eps = eps;
  net->l1 = l1;
  net->l2 = l2;
  net->steps = 0;
  memset(net->m, 0, sizeof(float) * (size_t)net->nparams);
  memset(net->v, 0, sizeof(float) * (size_t)net->nparams);
  return GL_OK;
}

/* One optimiser step on w[n] with gradient g[n] (+ the L1/L2 penalty gradient
 * l1 sign(w) + 2 l2 w when pen), state m[n], v[n]. Keras' update rules:
 *  sgd:     m = mom m - lr g; w += m      (nesterov: w += mom m - lr g;
 *           mom = 0: w -= lr g)
 *  adam:    m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
 *           w -= alpha m / (sqrt(v) + eps), alpha = lr sqrt(1 - b2^t) / (1 - b1^t)
 *  rmsprop: v = rho v + (1 - rho) g^2; inc = lr g / sqrt(v + eps);
 *           with momentum: m = mom m + inc; w -= m; else w -= inc
 * The vector body and the scalar tail do the same IEEE operations in the same
 * order (sqrt and division are correctly rounded), so results do not depend
 * on where the tail starts. */
typedef struct gl_upd {
  int opt, nesterov;
  float lr, mom, l1, l2x2, b1c, b2c, eps, rho, rhoc, alpha;
} gl_upd;

static inline float upd_scalar(const gl_upd *u, int pen, float *w, float g, float *m, float *v) {
  float x = *w;
  if (pen) g = g + (u->l1 * (float)((x > 0.0f) - (x < 0.0f)) + u->l2x2 * x);
  if (u->opt == GL_OPT_SGD) {
    if (u->mom == 0.0f) return x - u->lr * g;
    float mm = u->mom * *m - u->lr * g;
    *m = mm;
    return u->nesterov ? x + (u->mom * mm - u->lr * g) : x + mm;
  }
  if (u->opt == GL_OPT_ADAM) {
    float mm = *m + (g - *m) * u->b1c, vv = *v + (g * g - *v) * u->b2c;
    *m = mm; *v = vv;
    return x - (u->alpha * mm) / (sqrtf(vv) + u->eps);
  }
  float vv = u->rho * *v + u->rhoc * (g * g);
  *v = vv;
  float inc = (u->lr * g) / sqrtf(vv + u->eps);
  if (u->mom > 0.0f) { float mm = u->mom * *m + inc; *m = mm; return x - mm; }
  return x - inc;
}

/* Sum |g| and g^2 of one slice as the epoch statistics want them: float
 * lanes over the vector part (i = 0, 4, ...), the four lanes added as hsum4,
 * then the tail in double; in double throughout when the float lanes
 * overflowed. */
static void finish_stats(v128_t sa, v128_t sq, const float *g, size_t i, size_t n, double *abs_out,
                         double *sq_out) {
  double a = hsum4(sa), q = hsum4(sq);
  for (; i < n; i++) { a += fabs((double)g[i]); q += (double)g[i] * (double)g[i]; }
  if (!isfinite(a) || !isfinite(q)) { /* float lanes overflowed (|g| > ~1e19): redo in double */
    a = q = 0.0;
    for (i = 0; i < n; i++) { a += fabs((double)g[i]); q += (double)g[i] * (double)g[i]; }
  }
  *abs_out = a;
  *sq_out = q;
}

#define GL_UPD_SGD 0      /* w -= lr g */
#define GL_UPD_MOMENTUM 1 /* SGD with momentum */
#define GL_UPD_NESTEROV 2
#define GL_UPD_ADAM 3
#define GL_UPD_RMSPROP 4
#define GL_UPD_RMSPROP_MOM 5

/* One pass over a slice: w[i] -> backup[i], the update of w (and m, v), the
 * sums of |g| and g^2 (finish_stats), and `bad` |= a new weight is not finite
 * (x*0 is NaN exactly for non-finite x). `kind` and `pen` are constants at
 * every call site, so each combination compiles to its own loop. */
static inline __attribute__((always_inline)) void update_pass(const gl_upd *u, int kind, int pen, float *w,
                                                              const float *g0, float *m, float *v, float *bk,
                                                              size_t n, double *abs_out, double *sq_out,
                                                              float *bad) {
  size_t i = 0;
  v128_t sa = wasm_f32x4_splat(0.0f), sq = sa, fin = sa;
#ifndef GL_SIMD_EMULATED
  const v128_t lr = wasm_f32x4_splat(u->lr), mom = wasm_f32x4_splat(u->mom), zero = wasm_f32x4_splat(0.0f);
  const v128_t one = wasm_f32x4_splat(1.0f), l1 = wasm_f32x4_splat(u->l1), l2x2 = wasm_f32x4_splat(u->l2x2);
  const v128_t b1c = wasm_f32x4_splat(u->b1c), b2c = wasm_f32x4_splat(u->b2c), eps = wasm_f32x4_splat(u->eps);
  const v128_t rho = wasm_f32x4_splat(u->rho), rhoc = wasm_f32x4_splat(u->rhoc), alpha = wasm_f32x4_splat(u->alpha);
  for (; i + 4 <= n; i += 4) {
    v128_t x = wasm_v128_load(w + i), g = wasm_v128_load(g0 + i), r;
    wasm_v128_store(bk + i, x);
    sa = wasm_f32x4_add(sa, wasm_f32x4_abs(g));
    sq = wasm_f32x4_add(sq, wasm_f32x4_mul(g, g));
    if (pen) {
      v128_t sgn = wasm_f32x4_sub(wasm_v128_and(wasm_f32x4_gt(x, zero), one), wasm_v128_and(wasm_f32x4_lt(x, zero), one));
      g = wasm_f32x4_add(g, wasm_f32x4_add(wasm_f32x4_mul(l1, sgn), wasm_f32x4_mul(l2x2, x)));
    }
    if (kind == GL_UPD_SGD) {
      r = wasm_f32x4_sub(x, wasm_f32x4_mul(lr, g));
    } else if (kind == GL_UPD_MOMENTUM || kind == GL_UPD_NESTEROV) {
      v128_t lg = wasm_f32x4_mul(lr, g);
      v128_t mm = wasm_f32x4_sub(wasm_f32x4_mul(mom, wasm_v128_load(m + i)), lg);
      wasm_v128_store(m + i, mm);
      r = kind == GL_UPD_NESTEROV ? wasm_f32x4_add(x, wasm_f32x4_sub(wasm_f32x4_mul(mom, mm), lg))
                                  : wasm_f32x4_add(x, mm);
    } else if (kind == GL_UPD_ADAM) {
      v128_t m0 = wasm_v128_load(m + i), v0 = wasm_v128_load(v + i);
      v128_t mm = wasm_f32x4_add(m0, wasm_f32x4_mul(wasm_f32x4_sub(g, m0), b1c));
      v128_t vv = wasm_f32x4_add(v0, wasm_f32x4_mul(wasm_f32x4_sub(wasm_f32x4_mul(g, g), v0), b2c));
      wasm_v128_store(m + i, mm);
      wasm_v128_store(v + i, vv);
      r = wasm_f32x4_sub(x, wasm_f32x4_div(wasm_f32x4_mul(alpha, mm), wasm_f32x4_add(wasm_f32x4_sqrt(vv), eps)));
    } else {
      v128_t vv = wasm_f32x4_add(wasm_f32x4_mul(rho, wasm_v128_load(v + i)), wasm_f32x4_mul(rhoc, wasm_f32x4_mul(g, g)));
      wasm_v128_store(v + i, vv);
      v128_t inc = wasm_f32x4_div(wasm_f32x4_mul(lr, g), wasm_f32x4_sqrt(wasm_f32x4_add(vv, eps)));
      if (kind == GL_UPD_RMSPROP_MOM) {
        v128_t mm = wasm_f32x4_add(wasm_f32x4_mul(mom, wasm_v128_load(m + i)), inc);
        wasm_v128_store(m + i, mm);
        r = wasm_f32x4_sub(x, mm);
      } else {
        r = wasm_f32x4_sub(x, inc);
      }
    }
    wasm_v128_store(w + i, r);
    fin = wasm_f32x4_add(fin, wasm_f32x4_mul(r, zero));
  }
#endif
  float f = hsum4(fin);
  finish_stats(sa, sq, g0, i, n, abs_out, sq_out);
  for (; i < n; i++) {
    bk[i] = w[i];
    w[i] = upd_scalar(u, pen, &w[i], g0[i], &m[i], &v[i]);
    f += w[i] * 0.0f;
  }
  *bad += f;
}

/* The kernel and bias slices of every layer with one update kind; stats get
 * sum |g|, sum g^2 of each layer's kernel and sum |g| of its bias. */
static inline __attribute__((always_inline)) float update_all(gl_net *net, const gl_upd *u, int kind,
                                                              int pen, gl_step_stats *st) {
  float bad = 0.0f;
  for (int32_t l = 0; l < net->nlayers; l++) {
    const gl_layer *L = &net->layer[l];
    size_t k = (size_t)L->kernel_off, nk = (size_t)L->in * (size_t)L->out, b = (size_t)L->bias_off;
    double bq;
    update_pass(u, kind, pen, net->params + k, net->grads + k, net->m + k, net->v + k, net->backup + k, nk,
                &st->kabs[l], &st->ksq[l], &bad);
    update_pass(u, kind, 0, net->params + b, net->grads + b, net->m + b, net->v + b, net->backup + b,
                (size_t)L->out, &st->babs[l], &bq, &bad);
  }
  return bad;
}

/* Apply one step to all parameters (one pass: backup, update, gradient
 * statistics, finiteness); on a non-finite weight restore the previous
 * weights, reset the optimiser state and return 0. */
int gl_optimizer_step(gl_net *net, gl_step_stats *st) {
  size_t P = (size_t)net->nparams;
  net->steps++;
  gl_upd u;
  memset(&u, 0, sizeof u);
  u.opt = net->opt;
  u.nesterov = net->nesterov;
  u.lr = net->lr;
  u.mom = net->momentum;
  u.b1c = 1.0f - net->beta1;
  u.b2c = 1.0f - net->beta2;
  u.eps = net->eps;
  u.rho = net->beta2;
  u.rhoc = 1.0f - net->beta2;
  u.l1 = net->l1;
  u.l2x2 = 2.0f * net->l2;
  if (net->opt == GL_OPT_ADAM) {
    double t = (double)net->steps;
    u.alpha = (float)((double)net->lr * sqrt(1.0 - pow((double)net->beta2, t)) /
                      (1.0 - pow((double)net->beta1, t)));
  }
  int pen = net->l1 != 0.0f || net->l2 != 0.0f;
  float bad;
  if (net->opt == GL_OPT_SGD) {
    if (net->momentum == 0.0f) bad = pen ? update_all(net, &u, GL_UPD_SGD, 1, st) : update_all(net, &u, GL_UPD_SGD, 0, st);
    else if (net->nesterov) bad = pen ? update_all(net, &u, GL_UPD_NESTEROV, 1, st) : update_all(net, &u, GL_UPD_NESTEROV, 0, st);
    else bad = pen ? update_all(net, &u, GL_UPD_MOMENTUM, 1, st) : update_all(net, &u, GL_UPD_MOMENTUM, 0, st);
  } else if (net->opt == GL_OPT_ADAM) {
    bad = pen ? update_all(net, &u, GL_UPD_ADAM, 1, st) : update_all(net, &u, GL_UPD_ADAM, 0, st);
  } else if (net->momentum > 0.0f) {
    bad = pen ? update_all(net, &u, GL_UPD_RMSPROP_MOM, 1, st) : update_all(net, &u, GL_UPD_RMSPROP_MOM, 0, st);
  } else {
    bad = pen ? update_all(net, &u, GL_UPD_RMSPROP, 1, st) : update_all(net, &u, GL_UPD_RMSPROP, 0, st);
  }
  if (bad == 0.0f) return 1;
  memcpy(net->params, net->backup, sizeof(float) * P);
  memset(net->m, 0, sizeof(float) * P);
  memset(net->v, 0, sizeof(float) * P);
  net->steps = 0;
  return 0;
}

/* optimizers.c — SGD (momentum, Nesterov), Adam and RMSprop with Keras'
 * update rules, optional L1/L2 penalties on kernels. Works on the arrays it
 * is given (weights, gradients, state m and v, backup): the network keeps
 * them in its arena, where the state persists across epochs until
 * gl_net_set_optimizer. */
#include "train_kernels.h"

static int unit_interval(float x) { return isfinite(x) && x >= 0.0f && x < 1.0f; }

int32_t gl_opt_config_make(gl_opt_config *out, int32_t type, float lr, float momentum, int32_t nesterov,
                           float beta1, float beta2, float eps, float l1, float l2) {
  if (type < 0 || type >= GL_OPT_COUNT) return GL_ERR_OPTIMIZER;
  if (!(isfinite(lr) && lr > 0.0f)) return GL_ERR_PARAM;
  if (!(isfinite(l1) && l1 >= 0.0f && isfinite(l2) && l2 >= 0.0f)) return GL_ERR_PARAM;
  if (type == GL_OPT_SGD && !unit_interval(momentum)) return GL_ERR_PARAM;
  if (type == GL_OPT_ADAM && !(unit_interval(beta1) && unit_interval(beta2))) return GL_ERR_PARAM;
  if (type == GL_OPT_RMSPROP && !(unit_interval(beta2) && unit_interval(momentum))) return GL_ERR_PARAM;
  if (type != GL_OPT_SGD && !(isfinite(eps) && eps > 0.0f)) return GL_ERR_PARAM;
  out->type = type;
  out->lr = lr;
  out->momentum = type == GL_OPT_ADAM ? 0.0f : momentum;
  out->nesterov = type == GL_OPT_SGD && nesterov != 0;
  out->beta1 = beta1;
  out->beta2 = beta2;
  out->eps = eps;
  out->l1 = l1;
  out->l2 = l2;
  out->clip_norm = out->clip_value = out->weight_decay = 0.0f; /* gl_net_set_step_options sets them */
  out->sched = GL_SCHED_CONSTANT; /* gl_net_set_schedule sets it */
  out->warmup = 0;
  out->period = 1;
  out->gamma = 1.0f;
  out->min_lr = 0.0f;
  return GL_OK;
}

int32_t gl_opt_config_step_options(gl_opt_config *c, float clip_norm, float clip_value, float weight_decay) {
  if (!(isfinite(clip_norm) && clip_norm >= 0.0f && isfinite(clip_value) && clip_value >= 0.0f)) return GL_ERR_PARAM;
  if (!(weight_decay >= 0.0f && weight_decay <= 1.0f)) return GL_ERR_PARAM; /* also NaN */
  c->clip_norm = clip_norm;
  c->clip_value = clip_value;
  c->weight_decay = weight_decay;
  return GL_OK;
}

int32_t gl_opt_config_schedule(gl_opt_config *c, int32_t type, int64_t warmup, int64_t period, float gamma,
                               float min_lr) {
  if (type < 0 || type >= GL_SCHED_COUNT) return GL_ERR_PARAM;
  if (warmup < 0 || period < 1) return GL_ERR_PARAM;
  if (!(gamma > 0.0f && gamma <= 1.0f)) return GL_ERR_PARAM;
  if (!(min_lr >= 0.0f && min_lr <= c->lr)) return GL_ERR_PARAM;
  c->sched = type;
  c->warmup = warmup;
  c->period = period;
  c->gamma = gamma;
  c->min_lr = min_lr;
  return GL_OK;
}

float gl_schedule_lr(const gl_opt_config *c, int64_t t) {
  const double lr = c->lr;
  if (t <= c->warmup) return (float)(lr * (double)t / (double)c->warmup);
  const double u = (double)(t - c->warmup - 1);
  switch (c->sched) {
  case GL_SCHED_STEP: return (float)(lr * pow((double)c->gamma, floor(u / (double)c->period)));
  case GL_SCHED_EXPONENTIAL: return (float)(lr * pow((double)c->gamma, u / (double)c->period));
  case GL_SCHED_COSINE: {
    const double f = u < (double)c->period ? u / (double)c->period : 1.0;
    return (float)((double)c->min_lr + (lr - (double)c->min_lr) * 0.5 * (1.0 + cos(3.14159265358979323846 * f)));
  }
  default: return c->lr;
  }
}

gl_opt_config gl_opt_config_default(void) {
  gl_opt_config c;
  memset(&c, 0, sizeof c);
  c.type = GL_OPT_SGD;
  c.lr = 0.01f;
  c.beta1 = 0.9f;
  c.beta2 = 0.999f;
  c.eps = 1e-7f;
  c.period = 1;
  c.gamma = 1.0f;
  return c;
}

/* One optimiser step on w[n] with gradient g[n] (+ the L1/L2 penalty gradient
 * l1 sign(w) + 2 l2 w when pen), state m[n], v[n]. Keras' update rules:
 *  sgd:     m = mom m - lr g; w += m      (nesterov: w += mom m - lr g;
 *           mom = 0: w -= lr g)
 *  adam:    m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
 *           w -= alpha m / (sqrt(v) + eps), alpha = lr sqrt(1 - b2^t) / (1 - b1^t)
 *  rmsprop: v = rho v + (1 - rho) g^2; inc = lr g / sqrt(v + eps);
 *           with momentum: m = mom m + inc; w -= m; else w -= inc
 * Four lanes at a time (the last vector of a slice masked); sqrt and division
 * are correctly rounded, so a lane's result does not depend on its position. */
typedef struct gl_upd {
  int opt, nesterov;
  float lr, mom, l1, l2x2, b1c, b2c, eps, rho, rhoc, alpha;
  float decay; /* 1 - lr weight_decay: decoupled weight decay of the penalised slices */
} gl_upd;

#define GL_UPD_SGD 0      /* w -= lr g */
#define GL_UPD_MOMENTUM 1 /* SGD with momentum */
#define GL_UPD_NESTEROV 2
#define GL_UPD_ADAM 3
#define GL_UPD_RMSPROP 4
#define GL_UPD_RMSPROP_MOM 5

/* The update of four weights x with gradients g and state *mv, *vv (read
 * and written: the new m and v); returns the new weights (the rules above). */
static inline __attribute__((always_inline)) v128_t upd_vec(const gl_upd *u, int kind, int pen, v128_t x,
                                                            v128_t g, v128_t *mv, v128_t *vv) {
  const v128_t lr = wasm_f32x4_splat(u->lr), mom = wasm_f32x4_splat(u->mom), zero = wasm_f32x4_splat(0.0f);
  if (pen) {
    const v128_t one = wasm_f32x4_splat(1.0f);
    v128_t sgn = wasm_f32x4_sub(wasm_v128_and(wasm_f32x4_gt(x, zero), one), wasm_v128_and(wasm_f32x4_lt(x, zero), one));
    g = wasm_f32x4_add(g, wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(u->l1), sgn),
                                         wasm_f32x4_mul(wasm_f32x4_splat(u->l2x2), x)));
    x = wasm_f32x4_mul(x, wasm_f32x4_splat(u->decay)); /* exact when decay = 1 */
  }
  if (kind == GL_UPD_SGD) return wasm_f32x4_sub(x, wasm_f32x4_mul(lr, g));
  if (kind == GL_UPD_MOMENTUM || kind == GL_UPD_NESTEROV) {
    v128_t lg = wasm_f32x4_mul(lr, g);
    v128_t mm = wasm_f32x4_sub(wasm_f32x4_mul(mom, *mv), lg);
    *mv = mm;
    return kind == GL_UPD_NESTEROV ? wasm_f32x4_add(x, wasm_f32x4_sub(wasm_f32x4_mul(mom, mm), lg))
                                   : wasm_f32x4_add(x, mm);
  }
  if (kind == GL_UPD_ADAM) {
    v128_t mm = wasm_f32x4_add(*mv, wasm_f32x4_mul(wasm_f32x4_sub(g, *mv), wasm_f32x4_splat(u->b1c)));
    v128_t v2 = wasm_f32x4_add(*vv, wasm_f32x4_mul(wasm_f32x4_sub(wasm_f32x4_mul(g, g), *vv), wasm_f32x4_splat(u->b2c)));
    *mv = mm;
    *vv = v2;
    return wasm_f32x4_sub(x, wasm_f32x4_div(wasm_f32x4_mul(wasm_f32x4_splat(u->alpha), mm),
                                            wasm_f32x4_add(wasm_f32x4_sqrt(v2), wasm_f32x4_splat(u->eps))));
  }
  v128_t v2 = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(u->rho), *vv),
                             wasm_f32x4_mul(wasm_f32x4_splat(u->rhoc), wasm_f32x4_mul(g, g)));
  *vv = v2;
  v128_t inc = wasm_f32x4_div(wasm_f32x4_mul(lr, g), wasm_f32x4_sqrt(wasm_f32x4_add(v2, wasm_f32x4_splat(u->eps))));
  if (kind == GL_UPD_RMSPROP_MOM) {
    v128_t mm = wasm_f32x4_add(wasm_f32x4_mul(mom, *mv), inc);
    *mv = mm;
    return wasm_f32x4_sub(x, mm);
  }
  return wasm_f32x4_sub(x, inc);
}

/* One pass over a slice: w[i] -> backup[i], the update of w (and m, v), the
 * sums of |g| and g^2 (float lanes, then gl_abs_sq_finish), and `bad` gets
 * NaN when a new weight is not finite (x*0 is NaN exactly for non-finite x).
 * `kind` and `pen` are constants at every call site, so each combination
 * compiles to its own loop.
 * The last n % 4 elements are one masked vector: it reads (and writes back
 * unchanged) up to 3 floats past the slice, which the arrays' padding to a
 * multiple of 4 (or the next slice, not updated yet) provides. */
static inline __attribute__((always_inline)) void update_pass(const gl_upd *u, int kind, int pen, float *w,
                                                              const float *g0, float *m, float *v, float *bk,
                                                              size_t n, double *abs_out, double *sq_out,
                                                              float *bad) {
  size_t i = 0;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  v128_t sa = zero, sq = zero, fin = zero;
  const int uses_m = kind != GL_UPD_SGD && kind != GL_UPD_RMSPROP, uses_v = kind >= GL_UPD_ADAM;
  for (; i + 4 <= n; i += 4) {
    v128_t x = wasm_v128_load(w + i), g = wasm_v128_load(g0 + i);
    v128_t mv = uses_m ? wasm_v128_load(m + i) : zero, vv = uses_v ? wasm_v128_load(v + i) : zero;
    wasm_v128_store(bk + i, x);
    sa = wasm_f32x4_add(sa, wasm_f32x4_abs(g));
    sq = wasm_f32x4_add(sq, wasm_f32x4_mul(g, g));
    v128_t r = upd_vec(u, kind, pen, x, g, &mv, &vv);
    if (uses_m) wasm_v128_store(m + i, mv);
    if (uses_v) wasm_v128_store(v + i, vv);
    wasm_v128_store(w + i, r);
    fin = wasm_f32x4_add(fin, wasm_f32x4_mul(r, zero));
  }
  gl_abs_sq_finish(sa, sq, g0, i, n, abs_out, sq_out);
  if (i < n) {
    const v128_t lane = wasm_f32x4_make(0.0f, 1.0f, 2.0f, 3.0f);
    const v128_t valid = wasm_f32x4_lt(lane, wasm_f32x4_splat((float)(n - i)));
    v128_t x = wasm_v128_load(w + i), g = wasm_v128_load(g0 + i);
    v128_t m0 = uses_m ? wasm_v128_load(m + i) : zero, v0 = uses_v ? wasm_v128_load(v + i) : zero;
    v128_t mv = m0, vv = v0;
    wasm_v128_store(bk + i, x);
    v128_t r = upd_vec(u, kind, pen, x, g, &mv, &vv);
    if (uses_m) wasm_v128_store(m + i, wasm_v128_bitselect(mv, m0, valid));
    if (uses_v) wasm_v128_store(v + i, wasm_v128_bitselect(vv, v0, valid));
    wasm_v128_store(w + i, wasm_v128_bitselect(r, x, valid));
    fin = wasm_f32x4_add(fin, wasm_v128_and(wasm_f32x4_mul(r, zero), valid));
  }
  *bad += hsum4(fin);
}

/* Every slice with one update kind (the L1/L2 penalty, when pen, on the
 * penalised slices only); gabs[i], gsq[i] get sum |g| and sum g^2 of slice i. */
static inline __attribute__((always_inline)) float update_all(const gl_upd *u, int kind, int pen, float *w,
                                                              const float *g, float *m, float *v, float *bk,
                                                              const gl_param_slice *slice, int32_t nslices,
                                                              double *gabs, double *gsq) {
  float bad = 0.0f;
  for (int32_t i = 0; i < nslices; i++) {
    size_t o = (size_t)slice[i].off, n = (size_t)slice[i].n;
    if (pen && slice[i].penalised)
      update_pass(u, kind, 1, w + o, g + o, m + o, v + o, bk + o, n, &gabs[i], &gsq[i], &bad);
    else
      update_pass(u, kind, 0, w + o, g + o, m + o, v + o, bk + o, n, &gabs[i], &gsq[i], &bad);
  }
  return bad;
}

/* Clipping (c->clip_value, c->clip_norm) of the gradients of every slice, in
 * place; gabs, gsq get the sums of the gradient as it was. */
static void clip_gradients(const gl_opt_config *c, float *g, const gl_param_slice *slice, int32_t nslices,
                           double *gabs, double *gsq) {
  double total = 0.0;
  for (int32_t i = 0; i < nslices; i++) {
    gl_sum_abs_sq(g + slice[i].off, (size_t)slice[i].n, &gabs[i], &gsq[i]);
    total += gsq[i];
  }
  if (c->clip_value > 0.0f) {
    const float hi = c->clip_value, lo = -c->clip_value;
    total = 0.0;
    for (int32_t i = 0; i < nslices; i++) {
      float *x = g + slice[i].off;
      for (int32_t k = 0; k < slice[i].n; k++) x[k] = x[k] > hi ? hi : x[k] < lo ? lo : x[k];
      if (c->clip_norm > 0.0f) { /* the norm after clamping, only when it is used */
        double a, q;
        gl_sum_abs_sq(x, (size_t)slice[i].n, &a, &q);
        total += q;
      }
    }
  }
  if (c->clip_norm > 0.0f) {
    const double coef = (double)c->clip_norm / (sqrt(total) + 1e-6);
    if (coef < 1.0) {
      const float f = (float)coef;
      for (int32_t i = 0; i < nslices; i++) {
        float *x = g + slice[i].off;
        for (int32_t k = 0; k < slice[i].n; k++) x[k] *= f;
      }
    }
  }
}

/* One step on all slices (one pass: backup, update, gradient statistics,
 * finiteness; a pass before it when clipping); on a non-finite weight
 * restore the previous weights, reset the optimiser state and return 0. */
int gl_optimizer_step(const gl_opt_config *c, int64_t *steps, float *w, float *g, float *m, float *v,
                      float *backup, size_t n, const gl_param_slice *slice, int32_t nslices, double *gabs,
                      double *gsq) {
  ++*steps;
  /* with clipping, the statistics are of the gradient before it: the update
   * pass writes its sums (of the clipped gradient) into scratch */
  double clipped_abs[2 * GL_MAX_LAYERS], clipped_sq[2 * GL_MAX_LAYERS];
  const int clipping = c->clip_norm > 0.0f || c->clip_value > 0.0f; /* nslices = 2 per layer <= 2 GL_MAX_LAYERS */
  if (clipping) {
    clip_gradients(c, g, slice, nslices, gabs, gsq);
    gabs = clipped_abs;
    gsq = clipped_sq;
  }
  gl_upd u;
  memset(&u, 0, sizeof u);
  u.opt = c->type;
  u.nesterov = c->nesterov;
  /* the scheduled rate of this step; exactly c->lr without a schedule */
  const float lr = (c->sched == GL_SCHED_CONSTANT && c->warmup == 0) ? c->lr : gl_schedule_lr(c, *steps);
  u.lr = lr;
  u.mom = c->momentum;
  u.b1c = 1.0f - c->beta1;
  u.b2c = 1.0f - c->beta2;
  u.eps = c->eps;
  u.rho = c->beta2;
  u.rhoc = 1.0f - c->beta2;
  u.l1 = c->l1;
  u.l2x2 = 2.0f * c->l2;
  if (c->type == GL_OPT_ADAM) {
    double t = (double)*steps;
    u.alpha = (float)((double)lr * sqrt(1.0 - pow((double)c->beta2, t)) /
                      (1.0 - pow((double)c->beta1, t)));
  }
  u.decay = 1.0f - lr * c->weight_decay;
  int pen = c->l1 != 0.0f || c->l2 != 0.0f || c->weight_decay != 0.0f;
  float bad;
#define GL_UPDATE_ALL_(kind)                                                                            \
  (pen ? update_all(&u, kind, 1, w, g, m, v, backup, slice, nslices, gabs, gsq)                         \
       : update_all(&u, kind, 0, w, g, m, v, backup, slice, nslices, gabs, gsq))
  if (c->type == GL_OPT_SGD) {
    if (c->momentum == 0.0f) bad = GL_UPDATE_ALL_(GL_UPD_SGD);
    else if (c->nesterov) bad = GL_UPDATE_ALL_(GL_UPD_NESTEROV);
    else bad = GL_UPDATE_ALL_(GL_UPD_MOMENTUM);
  } else if (c->type == GL_OPT_ADAM) {
    bad = GL_UPDATE_ALL_(GL_UPD_ADAM);
  } else if (c->momentum > 0.0f) {
    bad = GL_UPDATE_ALL_(GL_UPD_RMSPROP_MOM);
  } else {
    bad = GL_UPDATE_ALL_(GL_UPD_RMSPROP);
  }
#undef GL_UPDATE_ALL_
  if (bad == 0.0f) return 1;
  memcpy(w, backup, sizeof(float) * n);
  memset(m, 0, sizeof(float) * n);
  memset(v, 0, sizeof(float) * n);
  *steps = 0;
  return 0;
}

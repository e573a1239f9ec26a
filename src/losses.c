/* losses.c — the three losses on the output layer of a feature-major chunk:
 * binary cross-entropy from the sigmoid's pre-activation (stable), categorical
 * cross-entropy with softmax (log-sum-exp), mean squared error. */
#include "train_kernels.h"
#include "activations.h"

/* Loss of the chunk against y and, when dz != NULL, dL/dz of the output layer
 * with L = (sum of per-sample losses) * scale. Per-sample loss: BCE and MSE
 * averaged over the outputs (Keras), CCE summed. Adds the per-sample losses to
 * *loss_sum and the number of correct predictions to *correct. */
void gl_loss_chunk(int32_t loss, const float *z, const float *a, const float *y, int32_t K, int32_t m,
                   int32_t S, double scale, float *dz, float *scratch, double *loss_sum, double *correct) {
  double lsum = 0.0, csum = 0.0;
  if (loss == GL_LOSS_BCE) {
    /* l = max(z, 0) - z y + log(1 + exp(-|z|)) = -y log s - (1-y) log(1-s);
     * dl/dz = s - y. Float lanes over the samples, summed per row in double. */
    const v128_t zero = wasm_f32x4_splat(0.0f), one = wasm_f32x4_splat(1.0f), half = wasm_f32x4_splat(0.5f);
    const v128_t g = wasm_f32x4_splat((float)(scale / K)), lane = wasm_f32x4_make(0.0f, 1.0f, 2.0f, 3.0f);
    const gl_vfn softplus = gl_act_forward_kernel(GL_ACT_SOFTPLUS);
    float *sp = scratch;
    for (int32_t k = 0; k < K; k++) {
      size_t r = (size_t)k * S;
      for (int32_t b = 0; b < S; b += 4)
        wasm_v128_store(sp + b, wasm_f32x4_neg(wasm_f32x4_abs(wasm_v128_load(z + r + b))));
      softplus(sp, sp, (size_t)S, NULL); /* log(1 + exp(-|z|)), SIMD kernel */
      v128_t lacc = zero, cacc = zero;
      for (int32_t b = 0; b < S; b += 4) { /* lanes >= m masked out */
        v128_t valid = wasm_f32x4_lt(lane, wasm_f32x4_splat((float)(m - b)));
        v128_t zv = wasm_v128_load(z + r + b), yv = wasm_v128_load(y + r + b), av = wasm_v128_load(a + r + b);
        v128_t l = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_max(zv, zero), wasm_f32x4_mul(zv, yv)),
                                  wasm_v128_load(sp + b));
        lacc = wasm_f32x4_add(lacc, wasm_v128_and(l, valid));
        v128_t hit = wasm_v128_xor(wasm_f32x4_gt(av, half), wasm_f32x4_gt(yv, half)); /* 0 where equal */
        cacc = wasm_f32x4_add(cacc, wasm_v128_and(wasm_v128_andnot(one, hit), valid));
        if (dz) wasm_v128_store(dz + r + b, wasm_v128_and(wasm_f32x4_mul(wasm_f32x4_sub(av, yv), g), valid));
      }
      lsum += hsum4(lacc);
      csum += hsum4(cacc);
    }
    lsum /= K;
    csum /= K;
  } else if (loss == GL_LOSS_CCE) {
    /* l = -sum_k y_k log s_k with log s_k = z_k - max - log sum exp(z - max);
     * dl/dz_k = s_k sum_j y_j - y_k  (= s - y for one-hot y). */
    float g = (float)scale;
    for (int32_t b = 0; b < m; b++) {
      double mx = -INFINITY, se = 0.0, ys = 0.0, l = 0.0;
      int32_t pa = 0, ya = 0;
      for (int32_t k = 0; k < K; k++) {
        size_t i = (size_t)k * S + b;
        if (z[i] > mx) mx = z[i];
        if (a[i] > a[(size_t)pa * S + b]) pa = k;
        if (y[i] > y[(size_t)ya * S + b]) ya = k;
      }
      for (int32_t k = 0; k < K; k++) se += exp((double)z[(size_t)k * S + b] - mx);
      double lse = log(se);
      for (int32_t k = 0; k < K; k++) {
        size_t i = (size_t)k * S + b;
        ys += y[i];
        if (y[i] != 0.0f) l -= (double)y[i] * ((double)z[i] - mx - lse);
      }
      lsum += l;
      csum += pa == ya ? 1.0 : 0.0;
      if (dz) {
        float fys = (float)ys;
        for (int32_t k = 0; k < K; k++) {
          size_t i = (size_t)k * S + b;
          dz[i] = (a[i] * fys - y[i]) * g;
        }
      }
    }
  } else { /* MSE: l = mean_k (a - y)^2, dl/da = 2 (a - y) / K, then through f' */
    float g = (float)(2.0 * scale / K);
    for (int32_t b = 0; b < m; b++) {
      double l = 0.0;
      int32_t pa = 0, ya = 0;
      for (int32_t k = 0; k < K; k++) {
        size_t i = (size_t)k * S + b;
        double e = (double)a[i] - (double)y[i];
        l += e * e;
        if (a[i] > a[(size_t)pa * S + b]) pa = k;
        if (y[i] > y[(size_t)ya * S + b]) ya = k;
        if (dz) dz[i] = (a[i] - y[i]) * g;
      }
      lsum += l / K;
      if (K > 1) csum += pa == ya ? 1.0 : 0.0;
      else csum += fabs((double)a[b] - (double)y[b]) < 0.5 ? 1.0 : 0.0;
    }
  }
  if (dz) zero_pad(dz, K, m, S);
  *loss_sum += lsum;
  *correct += csum;
}


/* rng.c — PCG32 (O'Neill, "PCG: A Family of Simple Fast Space-Efficient
 * Statistically Good Algorithms for Random Number Generation", 2014):
 * 64-bit LCG state, XSH-RR output permutation, 32-bit output. Integer-only,
 * so bit-identical in wasm and natively. */
#include "gradlab.h"
#include <math.h>

#define GL_PCG_MULT 6364136223846793005ULL

void gl_rng_seed(gl_rng *r, uint64_t seed, uint64_t stream) {
  r->state = 0u;
  r->inc = (stream << 1u) | 1u; /* the increment must be odd */
  (void)gl_rng_u32(r);
  r->state += seed;
  (void)gl_rng_u32(r);
}

uint32_t gl_rng_u32(gl_rng *r) {
  uint64_t old = r->state;
  r->state = old * GL_PCG_MULT + r->inc;
  uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
  uint32_t rot = (uint32_t)(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

/* 27 + 26 = 53 random bits -> [0, 1) on the double grid of spacing 2^-53. */
double gl_rng_uniform(gl_rng *r) {
  uint32_t a = gl_rng_u32(r) >> 5, b = gl_rng_u32(r) >> 6;
  return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

/* Box-Muller, one value per call (the second is discarded, no hidden cache):
 * z = sqrt(-2 ln u1) cos(2 pi u2), with u1 in (0, 1] so the log is finite. */
double gl_rng_normal(gl_rng *r) {
  double u1 = 1.0 - gl_rng_uniform(r);
  double u2 = gl_rng_uniform(r);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586476925 * u2);
}

/* Unbiased integer in [0, bound): reject the low (2^32 mod bound) values
 * (O'Neill's pcg32_boundedrand_r). bound 0 gives 0. */
uint32_t gl_rng_below(gl_rng *r, uint32_t bound) {
  if (bound == 0) return 0;
  /* Rejection sampling: accept x >= 2^32 mod bound. That threshold is below
   * bound, so any x >= bound is accepted without computing it (one integer
   * division per draw in the common case instead of two; same values). */
  for (;;) {
    uint32_t x = gl_rng_u32(r);
    if (x >= bound || x >= (uint32_t)(-bound) % bound) return x % bound;
  }
}

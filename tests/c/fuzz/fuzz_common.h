/*
 * fuzz_common.h — a small byte reader for the libFuzzer harnesses (C's
 * counterpart of LLVM's FuzzedDataProvider) and the invariant check.
 *
 * Every read consumes bytes from the front of the input; past the end it
 * returns zeros, so any input (even an empty one) is a valid test case.
 * Floats come from three sources chosen by one selector byte: a table of
 * special values (±0, ±inf, NaN with both signs, FLT_MIN, the smallest
 * denormal, ±FLT_MAX, exp overflow/underflow edges, saturation edges), a raw
 * 32-bit pattern (any float at all, incl. signalling NaNs and payloads), or a
 * small "ordinary" value (int16 / 256).
 */
#ifndef GRADLAB_FUZZ_COMMON_H
#define GRADLAB_FUZZ_COMMON_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gradlab.h"

typedef struct fz {
  const uint8_t *p;
  size_t n;
} fz;

static inline uint8_t fz_u8(fz *f) {
  if (f->n == 0) return 0;
  f->n--;
  return *f->p++;
}

static inline uint16_t fz_u16(fz *f) {
  uint16_t a = fz_u8(f);
  return (uint16_t)(a | (uint16_t)fz_u8(f) << 8);
}

static inline uint32_t fz_u32(fz *f) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v |= (uint32_t)fz_u8(f) << (8 * i);
  return v;
}

static inline int fz_bool(fz *f) { return fz_u8(f) & 1; }

static inline float fz_bits(uint32_t u) {
  float x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* Values every float path must survive. */
static inline float fz_special(unsigned i) {
  static const uint32_t bits[] = {
      0x00000000u, /* +0 */
      0x80000000u, /* -0 */
      0x7f800000u, /* +inf */
      0xff800000u, /* -inf */
      0x7fc00000u, /* quiet NaN */
      0xffc00000u, /* -NaN */
      0x7f800001u, /* signalling NaN */
      0x7fffffffu, /* NaN, all payload bits */
      0x00800000u, /* FLT_MIN */
      0x80800000u, /* -FLT_MIN */
      0x00000001u, /* smallest denormal */
      0x80000001u, /* -smallest denormal */
      0x007fffffu, /* largest denormal */
      0x7f7fffffu, /* FLT_MAX */
      0xff7fffffu, /* -FLT_MAX */
      0x3f800000u, /* 1 */
      0xbf800000u, /* -1 */
      0x42b17218u, /* 88.72284 ~ expf overflow edge */
      0xc2ce8ed0u, /* -103.27893 ~ expf underflow edge */
      0x42b20000u, /* 89 */
      0xc2b20000u, /* -89 */
      0x41a00000u, /* 20 */
      0xc1a00000u, /* -20 */
      0x40400000u, /* 3 (hard_sigmoid / relu6 knee) */
      0xc0400000u, /* -3 */
      0x3f000000u, /* 0.5 */
      0x4b000000u, /* 2^23 */
      0x5f000000u, /* 2^63 */
      0xdf000000u, /* -2^63 */
      0x33800000u, /* 2^-24 */
      0x3c23d70au, /* 0.01 */
      0x41100000u, /* 9 */
  };
  return fz_bits(bits[i % (sizeof bits / sizeof bits[0])]);
}

static inline float fz_float(fz *f) {
  uint8_t sel = fz_u8(f);
  switch (sel & 3) {
    case 0:
      return fz_special(sel >> 2);
    case 1:
      return fz_bits(fz_u32(f));
    default:
      return (float)(int16_t)fz_u16(f) / 256.0f;
  }
}

/* A float that is ordinary most of the time: for hyper-parameters. */
static inline float fz_param(fz *f) {
  uint8_t sel = fz_u8(f);
  if (sel < 192) return (float)sel / 64.0f; /* 0 .. 3 */
  if (sel < 240) return fz_special(sel);
  return fz_bits(fz_u32(f));
}

static inline int fz_finite_all(const float *x, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i])) return 0;
  return 1;
}

/* A broken invariant: say which, then trap so libFuzzer saves the input. */
#define FZ_CHECK(cond, ...)                                                  \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n  ", __FILE__,   \
              __LINE__, #cond);                                              \
      fprintf(stderr, __VA_ARGS__);                                          \
      fputc('\n', stderr);                                                   \
      __builtin_trap();                                                      \
    }                                                                        \
  } while (0)

#define FZ_CHECK_STATUS(st)                                                  \
  FZ_CHECK((st) >= 0 && (st) < GL_STATUS_COUNT_ &&                           \
               gl_status_message(st) != NULL,                                \
           "status %d is not a gl_status", (int)(st))

#endif

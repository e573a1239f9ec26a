/* vmath.h — vector exp/expm1/log1p/erfcx helpers for kernels_simd.c (in progress). */
#ifndef GL_VMATH_H
#define GL_VMATH_H
#include "simd.h"
#endif

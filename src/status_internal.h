/*
 * status_internal.h — the one helper for passing a status on: GL_TRY(expr)
 * evaluates expr (a gl_status or an int32_t status) once and returns it from
 * the calling function unless it is GL_OK. Internal; not part of the API.
 */
#ifndef GL_STATUS_INTERNAL_H
#define GL_STATUS_INTERNAL_H

#include "gradlab.h"

#define GL_TRY(expr)                                      \
  do {                                                    \
    const int32_t gl_try_status_ = (int32_t)(expr);       \
    if (gl_try_status_ != GL_OK) return gl_try_status_;   \
  } while (0)

#endif /* GL_STATUS_INTERNAL_H */

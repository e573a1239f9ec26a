/* status.c — messages of the status codes in gradlab.h. */
#include "gradlab.h"

GL_API const char *gl_status_message(int32_t status) {
  switch (status) {
#define GL_X_(name, code, msg) case code: return msg;
    GL_STATUS_LIST(GL_X_)
#undef GL_X_
  default: return "unknown status";
  }
}

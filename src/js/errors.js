// errors.js — GradlabError: a failure reported by the C core (a gl_status) or
// by the loader. Status names and codes come from the C core's list (tables.js).
import { STATUS_NAMES } from './tables.js';

/** The gl_status code of a name, e.g. status('GL_ERR_DATA') = 9. */
export function status(name) {
  const code = STATUS_NAMES.indexOf(name);
  if (code < 0) throw new Error(`gradlab: no status ${name} in the C core's list`);
  return code;
}

/** An error reported by the C core (status code) or by the loader. */
export class GradlabError extends Error {
  constructor(message, code = -1) {
    super(message);
    this.name = 'GradlabError';
    /** the gl_status code of the C core, -1 when the error is not from the core */
    this.status = code;
    /** the status name, e.g. 'GL_ERR_PARAM' (null when not from the core) */
    this.code = STATUS_NAMES[code] ?? null;
  }
}

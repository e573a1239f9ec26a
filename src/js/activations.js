// activations.js — lab.activations, activationInfo(), activate() and
// derivative(): the activation registry as the wasm reports it, and the
// element-wise kernels called on copies of the caller's arrays.
import { ALPHA } from './tables.js';
import { describe, list, isF32, toF32, checkKeys, optObject, num, oneOf } from './check.js';

const IMPL = { simd: 0, scalar: 1 }; // GL_IMPL_SIMD, GL_IMPL_SCALAR

/** The registry of the wasm `core` and the functions on it. */
export function createActivations(core) {
  const ex = core.ex;
  const count = ex.gl_activation_count();
  const names = [];
  const byName = new Map();
  for (let i = 0; i < count; i++) {
    const name = core.cstring(ex.gl_activation_name(i) >>> 0);
    names.push(name);
    const params = ex.gl_activation_param_count(i);
    byName.set(name, { name, id: i, parametric: params > 0, alpha: params > 0 ? ex.gl_activation_param_default(i) : null });
  }
  Object.freeze(names);

  /** The registry entry of `name`; throws naming `what` when there is none. */
  function info(name, what, where) {
    if (typeof name !== 'string') throw new TypeError(`${where}: ${what} must be an activation name (${list(names)}), got ${describe(name)}`);
    const a = byName.get(name);
    if (!a) throw new RangeError(`${where}: unknown ${what} '${name}' (valid: ${list(names)})`);
    return a;
  }

  function alphaOf(a, alpha, what, where) {
    if (alpha === undefined) return NaN;
    if (!a.parametric) {
      const p = names.filter((n) => byName.get(n).parametric);
      throw new TypeError(`${where}: ${what} '${a.name}' takes no parameter (alpha is for ${p.join(', ')})`);
    }
    const { min, max } = ALPHA[a.name] ?? { min: -Infinity, max: Infinity };
    return num(alpha, `alpha of ${a.name}`, where, { min, max });
  }

  function elementwise(fn, fname, name, x, out, params) {
    const where = `${fname}('${typeof name === 'string' ? name : '?'}')`;
    const a = info(name, 'activation', where);
    const xs = toF32(x, 'x', where);
    const n = xs.length;
    let o = out;
    if (o === undefined || o === null) o = new Float32Array(n);
    else if (!isF32(o)) throw new TypeError(`${where}: out must be a Float32Array, got ${describe(o)}`);
    else if (o.length !== n) throw new RangeError(`${where}: out has length ${o.length}, x has ${n}`);
    const p = optObject(params, `${where}: params`);
    checkKeys(p, ['alpha', 'impl'], `${where}: params`);
    const alpha = alphaOf(a, p.alpha, 'activation', where);
    const impl = IMPL[oneOf(p.impl, Object.keys(IMPL), 'impl', where, 'simd')];
    if (n === 0) return o;
    const ptr = core.alloc(n * 4, 'x', where);
    try {
      core.putF32(ptr, xs);
      core.check(ex[fn](a.id, impl, ptr, ptr, n, alpha), where);
      o.set(core.f32.subarray(ptr >>> 2, (ptr >>> 2) + n));
    } finally {
      core.free(ptr);
    }
    return o;
  }

  return {
    names,
    /** the registry entry { name, id, parametric, alpha } of a checked name */
    info,
    activationInfo(name) {
      const a = info(name, 'activation', 'activationInfo()');
      return { name: a.name, parametric: a.parametric, alpha: a.alpha };
    },
    activate: (name, x, out, params) => elementwise('gl_activate', 'activate', name, x, out, params),
    derivative: (name, x, out, params) => elementwise('gl_derivative', 'derivative', name, x, out, params),
  };
}

// check.js — the argument checks of every module (internal, not public API).
// Wasm-independent, so the exporter and the CLI run exactly the checks the lab
// runs. Messages read "<where>: <name> must be …" and name the field.
import { limits } from './tables.js';

export function describe(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor?.name ?? 'typed array'} of length ${v.length ?? v.byteLength}`;
  return `an object (${v.constructor?.name ?? 'Object'})`;
}

export function isF32(x) {
  return x instanceof Float32Array || Object.prototype.toString.call(x) === '[object Float32Array]';
}

export function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

export function list(names) {
  return names.map((n) => `'${n}'`).join(', ');
}

/** A Float32Array, or a plain Array of numbers (copied into a new Float32Array). */
export function toF32(x, name, where, maxLength = limits.maxElements) {
  if (isF32(x)) {
    if (x.length > maxLength) throw new RangeError(`${where}: ${name} has ${x.length} elements, above the limit of ${maxLength}`);
    return x;
  }
  if (Array.isArray(x)) {
    if (x.length > maxLength) throw new RangeError(`${where}: ${name} has ${x.length} elements, above the limit of ${maxLength}`);
    const a = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (typeof v !== 'number') throw new TypeError(`${where}: ${name}[${i}] is ${describe(v)}, not a number`);
      a[i] = v;
    }
    return a;
  }
  throw new TypeError(`${where}: ${name} must be a Float32Array or an array of numbers, got ${describe(x)}`);
}

export function checkFinite(a, name, where) {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`${where}: ${name}[${i}] is ${describe(a[i])}; data must be finite`);
  }
}

export function checkKeys(obj, allowed, where) {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new TypeError(`${where}: unknown field '${k}' (valid: ${list(allowed)})`);
  }
}

export function optObject(v, where) {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw new TypeError(`${where} must be an object, got ${describe(v)}`);
  return v;
}

export function num(v, name, where, { def, min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = {}) {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${where}: ${name} must be a finite number, got ${describe(v)}`);
  }
  if (v < min || (minExclusive && v === min) || v > max || (maxExclusive && v === max)) {
    const lo = min === -Infinity ? '' : `${minExclusive ? '>' : '≥'} ${min}`;
    const hi = max === Infinity ? '' : `${maxExclusive ? '<' : '≤'} ${max}`;
    throw new RangeError(`${where}: ${name} must be ${[lo, hi].filter(Boolean).join(' and ')}, got ${v}`);
  }
  return v;
}

export function int(v, name, where, { def, min = -Infinity, max = Infinity } = {}) {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TypeError(`${where}: ${name} must be an integer, got ${describe(v)}`);
  }
  if (v < min || v > max) throw new RangeError(`${where}: ${name} must be in ${min} … ${max}, got ${v}`);
  return v;
}

export function bool(v, name, where, def) {
  if (v === undefined) return def;
  if (typeof v !== 'boolean') throw new TypeError(`${where}: ${name} must be true or false, got ${describe(v)}`);
  return v;
}

export function oneOf(v, valid, name, where, def) {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'string') throw new TypeError(`${where}: ${name} must be one of ${list(valid)}, got ${describe(v)}`);
  if (!valid.includes(v)) throw new RangeError(`${where}: unknown ${name} '${v}' (valid: ${list(valid)})`);
  return v;
}

export function seedOf(v, where, def = 0) {
  return int(v, 'seed', where, { def, min: 0, max: 0xffffffff });
}

/**
 * A value checked against an option row of the C core's tables (tables.js):
 * spec = { type: 'number' | 'integer' | 'boolean', def, min, max, minExclusive?, maxExclusive? }.
 */
export function param(v, name, where, spec) {
  if (spec.type === 'boolean') return bool(v, name, where, spec.def);
  if (spec.type === 'integer') return int(v, name, where, spec);
  return num(v, name, where, spec);
}

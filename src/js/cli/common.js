// cli/common.js — what the commands share: the usage error, argument and
// file helpers, number formats, config checks.
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync, statSync } from 'node:fs';

export class UsageError extends Error {}

// ---- small helpers -------------------------------------------------------------
export const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
export const f3 = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3));
export const fe = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v === 0 ? '0' : v.toExponential(1));
export const spread = (a) => `${f3(median(a))} (${f3(Math.min(...a))}–${f3(Math.max(...a))})`;

export function positiveInt(v, flag, max) {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} must be a positive integer, got '${v}'`);
  const n = Number(v);
  if (n < 1 || n > max) throw new UsageError(`${flag} must be in 1 … ${max}, got ${n}`);
  return n;
}

export function intList(v, flag, max) {
  const parts = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new UsageError(`${flag} needs a comma-separated list of epochs, got '${v}'`);
  return [...new Set(parts.map((p) => positiveInt(p, flag, max)))].sort((a, b) => a - b);
}

export function parse(args, options, command) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError(`${command}: ${e.message.replace(/\. To specify a positional argument.*$/s, '')} (see 'gradlab ${command} --help')`);
  }
}

export const MAX_JSON_BYTES = 1 << 28; // as network.fromJSON()'s limit on a model text

export function readJSON(file, what) {
  let text;
  try {
    const size = statSync(file).size;
    if (size > MAX_JSON_BYTES) throw new UsageError(`${what} ${file} has ${size} bytes, above the limit of ${MAX_JSON_BYTES}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${file} is not valid JSON: ${e.message}`);
  }
}

export function writeOut(file, text) {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new Error(`cannot write ${file}: ${e.message}`);
  }
}


// ---- train --config ---------------------------------------------------------------
export function checkObject(v, where, keys) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${where} must be an object, got ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}`);
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new UsageError(`${where}: unknown field '${k}' (valid: ${keys.join(', ')})`);
  }
  return v;
}

// Errors of the API name their own where ("network(spec): layers[0]: ..."); say which config field it was.
export function asConfigError(e, field, prefix) {
  if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) {
    const m = e.message.startsWith(prefix) ? `${field}${e.message.slice(prefix.length)}` : `${field}: ${e.message}`;
    return new UsageError(m.replace(`${field}: options.`, `${field}.`).replace(`${field}: options`, field));
  }
  return e;
}

// Reads and checks an experiment config; returns it with the data and a fresh network.

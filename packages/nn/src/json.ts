/**
 * JSON helpers for model files: a parse that rejects prototype-polluting keys and deep
 * nesting, a check that arrays hold finite numbers, and a writer that keeps every float64
 * exactly (including −0) and refuses NaN and ±Infinity instead of writing `null`.
 */
import { fmtValue, NnError } from './errors';

/** Keys that could reach an object's prototype if copied naively: rejected anywhere in a file. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * How deeply objects and arrays may nest in a file, the file itself being level 1. Files are
 * refused beyond it when saved and when loaded, so that whatever loads can be saved again
 * (and the recursive writer never nears the stack's limit).
 */
export const MAX_JSON_DEPTH = 256;

/** True for a non-null, non-array object whose prototype is Object.prototype or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Throws `MODEL_FORMAT` if any object inside `value` has an own key `__proto__`, `constructor`
 * or `prototype`, is not a plain object or array, or lies more than {@link MAX_JSON_DEPTH}
 * levels deep (`value` itself being at level `depth`, 1 for a whole file). Iterative, so deep
 * nesting cannot overflow the stack.
 */
export function assertSafeTree(value: unknown, path: string, depth = 1): void {
  const stack: [unknown, string, number][] = [[value, path, depth]];
  while (stack.length > 0) {
    const [v, at, level] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (level > MAX_JSON_DEPTH) {
      const where = at.length > 60 ? `${at.slice(0, 60)}…` : at;
      throw new NnError('MODEL_FORMAT', `${where}: nested more than ${MAX_JSON_DEPTH} deep`);
    }
    if (Array.isArray(v)) {
      // Arrays of numbers are the bulk of a file: skip them quickly.
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        if (item !== null && typeof item === 'object') stack.push([item, `${at}[${i}]`, level + 1]);
      }
      continue;
    }
    if (!isPlainObject(v)) {
      throw new NnError(
        'MODEL_FORMAT',
        `${at}: expected plain JSON data, found ${v.constructor?.name ?? 'an object'}`,
      );
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.includes(key)) {
        throw new NnError(
          'MODEL_FORMAT',
          `${at}: forbidden key ${JSON.stringify(key)} (rejected to prevent prototype pollution)`,
        );
      }
      const child = v[key];
      if (child !== null && typeof child === 'object') stack.push([child, `${at}.${key}`, level + 1]);
    }
  }
}

/**
 * Parses JSON text and checks it with {@link assertSafeTree}. One leading UTF-8 byte order
 * mark (U+FEFF) is ignored, as RFC 8259 §8.1 allows parsers to (editors add it); the writer
 * never writes one.
 *
 * @throws {@link NnError} `MODEL_FORMAT` for text that is not JSON (e.g. truncated), holds a
 *   forbidden key or nests too deep; the message starts with `what`.
 */
export function parseJsonSafely(text: string, what: string): unknown {
  if (typeof text !== 'string') {
    throw new NnError('MODEL_FORMAT', `${what}: expected JSON text, got ${fmtValue(text)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NnError('MODEL_FORMAT', `${what} is not valid JSON (truncated or corrupted?): ${reason}`, {
      cause: error,
    });
  }
  assertSafeTree(value, what);
  return value;
}

/**
 * Throws unless every element of `data` is a finite number: `NON_FINITE` for null (how
 * `JSON.stringify` writes NaN and ±Infinity) or a literal that overflows to ±Infinity,
 * `MODEL_FORMAT` for anything else.
 */
export function checkJsonNumbers(data: readonly unknown[], path: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v === 'number') {
      if (Number.isFinite(v)) continue;
      throw new NnError('NON_FINITE', `non-finite value ${v} at ${path}[${i}]`);
    }
    if (v === null) {
      throw new NnError(
        'NON_FINITE',
        `non-finite value at ${path}[${i}] (null: JSON writes NaN and Infinity as null)`,
      );
    }
    throw new NnError('MODEL_FORMAT', `${path}[${i}] is ${fmtValue(v)}, expected a number`);
  }
}

function formatNumber(v: number, path: string): string {
  if (!Number.isFinite(v)) {
    throw new NnError('NON_FINITE', `cannot write ${v} at ${path}: JSON has no NaN or Infinity`);
  }
  // String(v) is the shortest text that parses back to the same double (as JSON.stringify);
  // -0 is written as -0, which JSON.parse reads back as -0.
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * JSON text for `value` in which every number parses back to exactly the same double,
 * −0 included; objects are indented by two spaces, arrays of numbers stay on one line.
 *
 * @throws {@link NnError} `NON_FINITE` naming the path of a NaN or ±Infinity.
 */
export function stringifyExact(value: unknown, path = '$'): string {
  const out: string[] = [];
  const write = (v: unknown, at: string, indent: string): void => {
    if (v === null) out.push('null');
    else if (typeof v === 'number') out.push(formatNumber(v, at));
    else if (typeof v === 'string' || typeof v === 'boolean') out.push(JSON.stringify(v));
    else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const items = Array.from(v as ArrayLike<unknown>);
      if (items.every((x) => typeof x === 'number')) {
        out.push(`[${items.map((x, i) => formatNumber(x as number, `${at}[${i}]`)).join(',')}]`);
        return;
      }
      if (items.length === 0) {
        out.push('[]');
        return;
      }
      const inner = `${indent}  `;
      out.push('[\n');
      items.forEach((x, i) => {
        out.push(inner);
        write(x === undefined ? null : x, `${at}[${i}]`, inner);
        out.push(i < items.length - 1 ? ',\n' : '\n');
      });
      out.push(`${indent}]`);
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(
        ([, x]) => x !== undefined && typeof x !== 'function',
      );
      if (entries.length === 0) {
        out.push('{}');
        return;
      }
      const inner = `${indent}  `;
      out.push('{\n');
      entries.forEach(([k, x], i) => {
        out.push(`${inner}${JSON.stringify(k)}: `);
        write(x, `${at}.${k}`, inner);
        out.push(i < entries.length - 1 ? ',\n' : '\n');
      });
      out.push(`${indent}}`);
    } else {
      throw new NnError('MODEL_FORMAT', `cannot write ${typeof v} at ${at} as JSON`);
    }
  };
  write(value, path, '');
  return out.join('');
}

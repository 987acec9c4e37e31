import type { ConfigValue } from '../project/project-spec.js';

/**
 * paas-charm's encode_env: strings pass through, everything else is json.dumps-ed by Python.
 * So booleans are `true`/`false`, ints keep every digit, floats look like Python's repr (`1.0`).
 */
export function encodeEnv(value: ConfigValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  return pythonFloatRepr(value);
}

/**
 * Python's repr(float) (what json.dumps writes): the shortest round-trip digits, as JavaScript
 * also computes them, but with Python's layout: fixed notation with a trailing `.0` for decimal
 * exponents from -4 to 15, otherwise `1e+16` / `1.5e-05` (at least two exponent digits).
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

/** Reads a value from a mounted file or `--set` as the option's type; undefined when it does not fit. */
export function parseConfigText(type: 'string' | 'int' | 'float' | 'boolean' | 'secret', text: string): ConfigValue | undefined {
  switch (type) {
    case 'string':
    case 'secret':
      return text;
    case 'int': {
      const t = text.trim();
      return /^[+-]?\d+$/.test(t) ? BigInt(t) : undefined;
    }
    case 'float': {
      const t = text.trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
      const n = Number(t);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : undefined;
    }
  }
}

// Durations written as Go's time.ParseDuration reads them, which is how Pebble reads a layer's
// backoff-delay, backoff-limit and kill-delay: a sequence of decimal numbers each with a unit
// ("500ms", "1m30s", "1.5h", ".5s"), or a bare "0". Units: ns, us (µs, μs), ms, s, m, h.

// The micro sign and the Greek mu, escaped: the bundle must be ASCII.
const unitNs: Readonly<Record<string, number>> = { ns: 1, us: 1e3, '\u00b5s': 1e3, '\u03bcs': 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 };

const term = /(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** The duration in milliseconds (possibly fractional), or undefined when Go would refuse the text; `-` gives a negative one. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  // Summed in nanoseconds, as Go does, so that "100ns" is 0.0001 ms exactly.
  let ns = 0;
  term.lastIndex = 0;
  while (term.lastIndex < rest.length) {
    const m = term.exec(rest);
    if (m === null) return undefined;
    ns += Number(m[1]) * (unitNs[m[2]!] ?? Number.NaN);
  }
  return Number.isFinite(ns) ? (sign * ns) / 1e6 : undefined;
}

/** A duration in Go's units with its zero parts left out (`500ms`, `1m30s`, `2h`), for `check`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Number(ms.toFixed(3))}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Number(((ms % 60_000) / 1000).toFixed(3));
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}

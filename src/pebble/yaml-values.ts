// Readers of a layer's failsafe-schema values (every scalar a string): each gives the value in
// the shape a field wants, or undefined when the value is of another kind.

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function whole(v: unknown): number | undefined {
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function names(v: unknown): readonly string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

export function stringMap(v: unknown): Readonly<Record<string, string>> | undefined {
  return isMap(v) && Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : undefined;
}

/** Only `{ key: v }` when v is set, so that unset fields stay out of the object. */
export function only<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

import type { Secret } from '../../log/secret.js';
import type { VarSource } from '../plan.js';
import type { SplitUri } from '../service-uri.js';

/** The data available for one endpoint: a Service Binding folder or a `--relation` URI. */
export interface BindingData {
  readonly endpoint: string;
  /** where it came from, for `check` and messages */
  readonly from: string;
  readonly source: VarSource;
  readonly entries: ReadonlyMap<string, Secret>;
}

/**
 * A binding's data as a family module read it: what its variables are built from, for a framework
 * that maps it its own way (Spring Boot's properties) rather than reading the variables back.
 */
export interface RelationReading {
  /** the service URI, for the families that split one (databases, caches, the broker) */
  readonly uri?: SplitUri;
  /** the values read, rendered as in the variables, by the relation's own field names (store_id, access-key, client_id…) */
  readonly fields: ReadonlyMap<string, string | Secret>;
  /** OAuth: the scopes asked for (the `<endpoint>-scopes` option) */
  readonly scopes?: string;
}

/** What a family module makes of one binding. */
export type BindingResult =
  | { readonly kind: 'vars'; readonly vars: readonly (readonly [string, string | Secret])[]; readonly reading: RelationReading }
  /** present but without what is needed: counts as missing, as in paas-charm */
  | { readonly kind: 'not-ready'; readonly note: string }
  /** data that cannot be used; reported as a problem */
  | { readonly kind: 'invalid'; readonly key: string; readonly expected: string; readonly found: string }
  /** data paas-charm rejects with a blocked status of its own (e.g. "Invalid s3 relation data.") */
  | { readonly kind: 'blocked'; readonly message: string };

/** What a family module may know besides the binding. */
export interface FamilyContext {
  readonly appName: string;
  /** FLASK_, DJANGO_ or APP_: the user prefix, used by OAuth variables */
  readonly userPrefix: string;
  /** config option values as env text (OAuth reads `<endpoint>-scopes`) */
  readonly options: ReadonlyMap<string, string>;
}

/** A list entry: a JSON array, or one item per line (or comma-separated). */
export function entryList(b: BindingData, key: string): string[] | undefined {
  const text = entryText(b, key);
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return v.map(String);
    } catch {
      // not JSON: fall through to lines
    }
  }
  return t.split(t.includes('\n') ? '\n' : ',').map((x) => x.trim()).filter((x) => x !== '');
}

/** The first entry present among several names (Service Binding and Juju databag spellings). */
export function firstEntry(b: BindingData, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = entryText(b, k);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Python's json.dumps of a list of strings (", " between items). */
export function jsonList(items: readonly string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
}

/** An entry's text, or undefined when absent or empty. */
export function entryText(b: BindingData, key: string): string | undefined {
  const v = b.entries.get(key)?.reveal();
  return v === undefined || v === '' ? undefined : v.trim() === '' ? undefined : v;
}

import type { Secret } from '../../log/secret.js';
import type { VarSource } from '../plan.js';

/** The data available for one endpoint: a Service Binding folder or a `--relation` URI. */
export interface BindingData {
  readonly endpoint: string;
  /** where it came from, for `check` and messages */
  readonly from: string;
  readonly source: VarSource;
  readonly entries: ReadonlyMap<string, Secret>;
}

/** What a family module makes of one binding. */
export type BindingResult =
  | { readonly kind: 'vars'; readonly vars: readonly (readonly [string, string | Secret])[] }
  /** present but without what is needed: counts as missing, as in paas-charm */
  | { readonly kind: 'not-ready'; readonly note: string }
  /** data that cannot be used; reported as a problem */
  | { readonly kind: 'invalid'; readonly key: string; readonly expected: string; readonly found: string };

/** An entry's text, or undefined when absent or empty. */
export function entryText(b: BindingData, key: string): string | undefined {
  const v = b.entries.get(key)?.reveal();
  return v === undefined || v === '' ? undefined : v.trim() === '' ? undefined : v;
}

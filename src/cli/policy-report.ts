// What `check` says of a process's policy: what its end leads to, its backoff and its grace,
// and which of those its rock's layer set (the rest are paas-init's defaults, which for the
// backoff are Pebble's).
import { formatGoDuration } from '../pebble/go-duration.js';
import type { ServicePolicy } from '../pebble/layer.js';
import type { ExitPolicy } from '../supervisor/exit-policy.js';

/** One process's policy as `check --json` shows it. */
export interface PolicyReport {
  readonly onSuccess: string;
  readonly onFailure: string;
  readonly backoff: { readonly delayMs: number; readonly factor: number; readonly limitMs: number };
  readonly graceMs: number;
  /** the Pebble fields the layer set (the others are defaults) */
  readonly fromLayer: readonly string[];
  /** the policy in one line */
  readonly text: string;
}

const layerKeys: readonly (readonly [keyof ServicePolicy, string])[] = [
  ['onSuccess', 'on-success'], ['onFailure', 'on-failure'], ['backoffDelayMs', 'backoff-delay'],
  ['backoffFactor', 'backoff-factor'], ['backoffLimitMs', 'backoff-limit'], ['killDelayMs', 'kill-delay'],
];

/** The report of `effective`, the policy resolved from `fields` (the layer's, or none). */
export function policyReport(effective: ExitPolicy, fields: ServicePolicy | undefined): PolicyReport {
  const b = effective.backoff;
  const fromLayer = layerKeys.filter(([k]) => fields?.[k] !== undefined).map(([, name]) => name);
  const text = `on-success ${effective.onSuccess}, on-failure ${effective.onFailure}; backoff ${formatGoDuration(b.delayMs)} x${b.factor} up to ${formatGoDuration(b.limitMs)}; grace ${formatGoDuration(effective.graceMs)}`;
  return { onSuccess: effective.onSuccess, onFailure: effective.onFailure, backoff: { delayMs: b.delayMs, factor: b.factor, limitMs: b.limitMs }, graceMs: effective.graceMs, fromLayer, text };
}

/** Where the policy's parts came from, in words: `on-failure, kill-delay from layer 001-x.yaml, service flask; the rest defaults`. */
export function policyOrigin(r: PolicyReport, from: string | undefined): string {
  if (r.fromLayer.length === 0 || from === undefined) return 'defaults';
  const rest = r.fromLayer.length < layerKeys.length ? '; the rest defaults' : '';
  return `${r.fromLayer.join(', ')} from ${from}${rest}`;
}

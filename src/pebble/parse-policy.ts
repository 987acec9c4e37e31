// A service's policy fields, checked as Pebble's Layer.Validate and its YAML decoders check them
// (plan.go validServiceAction, types.go OptionalDuration/OptionalFloat), and more strictly
// where Pebble would run on a guess: a negative duration, a factor that is not a number
// (NaN passes Pebble's "1.0 or greater" check), a delay longer than Node's timers can wait.
import type { Problem } from '../errors.js';
import { parseGoDuration } from './go-duration.js';
import type { ServiceAction, ServicePolicy } from './layer.js';
import { definedOnly, stringMap, text, type FieldReader, type Report } from './yaml-values.js';

/** on-success may also say failure-shutdown; on-failure and on-check-failure success-shutdown (validServiceAction). */
const onSuccessActions: readonly ServiceAction[] = ['restart', 'shutdown', 'failure-shutdown', 'ignore'];
const onFailureActions: readonly ServiceAction[] = ['restart', 'shutdown', 'success-shutdown', 'ignore'];

/** A decimal number as strconv.ParseFloat reads one, less its inf, nan and hex forms. */
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Node's timers hold at most 2^31-1 ms; a longer one would fire at once. */
const maxTimerMs = 2 ** 31 - 1;

/** A layer's duration in milliseconds, or what it should have been: Go's syntax, not negative, within Node's timers. */
function durationMs(v: string): number | { readonly expected: string } {
  const ms = parseGoDuration(v);
  if (ms === undefined) return { expected: 'a duration like 500ms or 1m30s (a number and a unit: ns, us, ms, s, m, h)' };
  if (ms < 0) return { expected: 'a duration that is not negative' };
  if (ms > maxTimerMs) return { expected: 'a duration of at most 24 days' };
  return ms;
}

/** A duration field in milliseconds: undefined when unset; a value that is no duration is reported. */
export function readDuration(field: FieldReader, report: Report, key: string, expected: string): number | undefined {
  const v = field(key, text, expected);
  if (v === undefined) return undefined;
  const ms = durationMs(v);
  if (typeof ms === 'number') return ms;
  report(key, ms.expected, JSON.stringify(v));
  return undefined;
}

/** The policy fields of one service; problems go through `field` (kinds) and `problems` (values). */
export function parsePolicy(field: FieldReader, problem: Report): ServicePolicy {
  const action = (key: string, allowed: readonly ServiceAction[]): ServiceAction | undefined => {
    const v = field(key, text, `one of ${allowed.join(', ')}`);
    if (v === undefined || allowed.includes(v as ServiceAction)) return v as ServiceAction | undefined;
    problem(key, `one of ${allowed.join(', ')}`, JSON.stringify(v));
    return undefined;
  };
  const delay = (key: string): number | undefined => readDuration(field, problem, key, 'a duration like 500ms or 1m30s');
  const onCheckFailure = field('on-check-failure', stringMap, 'a map of check names to actions');
  for (const [check, a] of Object.entries(onCheckFailure ?? {})) {
    if (!onFailureActions.includes(a as ServiceAction)) problem(`on-check-failure.${check}`, `one of ${onFailureActions.join(', ')}`, JSON.stringify(a));
  }
  const factorText = field('backoff-factor', text, 'a number, 1.0 or greater');
  const n = factorText !== undefined && decimal.test(factorText) ? Number(factorText) : Number.NaN;
  const factor = Number.isFinite(n) && n >= 1 ? n : undefined;
  if (factorText !== undefined && factor === undefined) problem('backoff-factor', 'a number, 1.0 or greater', JSON.stringify(factorText));
  const policy: { readonly [K in keyof ServicePolicy]-?: ServicePolicy[K] | undefined } = {
    onSuccess: action('on-success', onSuccessActions),
    onFailure: action('on-failure', onFailureActions),
    onCheckFailure: onCheckFailure as Readonly<Record<string, ServiceAction>> | undefined,
    backoffDelayMs: delay('backoff-delay'),
    backoffFactor: factor,
    backoffLimitMs: delay('backoff-limit'),
    killDelayMs: delay('kill-delay'),
  };
  return definedOnly(policy) as ServicePolicy;
}

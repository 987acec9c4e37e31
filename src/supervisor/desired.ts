import { Secret, revealValue } from '../log/secret.js';
import type { Plan } from '../plan/plan.js';
import { blockedMessage } from '../plan/plan.js';
import type { Desired } from './state.js';

/** What the state machine needs of a plan: comparable keys, never the values themselves in the clear. */
export function desiredOf(plan: Plan): Desired {
  const command = plan.command ?? [];
  const envKey = new Secret(JSON.stringify([command, plan.env.map((v) => [v.name, revealValue(v.value)])]));
  return {
    blocked: blockedMessage(plan),
    envKey,
    relationKey: plan.relationKey,
    hasMigration: plan.migration !== undefined,
  };
}

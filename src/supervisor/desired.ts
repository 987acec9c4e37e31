import { Secret, revealValue } from '../log/secret.js';
import type { Plan } from '../plan/plan.js';
import { blockedMessage } from '../plan/plan.js';
import { resolvePolicy, type PolicySettings } from './exit-policy.js';
import type { Desired } from './state.js';

/** What decides whether a new plan changes anything: comparable keys, never the values themselves in the clear. */
export function planKeys(plan: Plan): Omit<Desired, 'policy'> {
  const command = plan.command ?? [];
  const envKey = new Secret(JSON.stringify([command, plan.env.map((v) => [v.name, revealValue(v.value)])]));
  return {
    blocked: blockedMessage(plan),
    envKey,
    relationKey: plan.relationKey,
    hasMigration: plan.migration !== undefined,
  };
}

/** What the state machine needs of a plan: its keys, and the process's policy with paas-init's settings around it. */
export function desiredOf(plan: Plan, policy: PolicySettings): Desired {
  return { ...planKeys(plan), policy: resolvePolicy(plan.policy?.fields, policy) };
}

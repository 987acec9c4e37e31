import { ExitCode, formatProblem } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { blockedMessage } from '../plan/plan.js';

/** `env`/`check` exit code: 1 for invalid input, else 2 when blocked, else 0. */
export function planExitCode(plan: Plan): number {
  if (plan.problems.length > 0) return ExitCode.invalid;
  return plan.blocked.length > 0 ? ExitCode.blocked : ExitCode.ok;
}

/** The lines `env` writes to stderr: each problem, then the blocked reason. */
export function verdictLines(plan: Plan): string[] {
  const lines = plan.problems.map((p) => `paas-init: error: ${formatProblem(p)}`);
  const blocked = blockedMessage(plan);
  if (blocked !== undefined) lines.push(`paas-init: blocked: ${blocked}`);
  return lines;
}

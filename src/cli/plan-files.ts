import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/plan.js';
import { writeEnvFile } from '../sidecar/env-file.js';

/**
 * Writes the files a plan names (FastAPI's JSON logging config, Spring Boot's SAML certificate)
 * before the app starts, as the sidecar writes its env file: atomically, only when content or
 * rights changed, no temporary file left behind. A failure is logged, and the app starts anyway,
 * with its framework's own logging. Returns the plan.
 */
export function writePlanFiles(plan: Plan, logger: Logger): Plan {
  for (const f of plan.files) {
    try {
      writeEnvFile(f.path, f.content, { mode: 0o644 });
    } catch (e) {
      logger.log({ event: 'plan-file.write-failed', path: f.path, error: e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : String(e) });
    }
  }
  return plan;
}

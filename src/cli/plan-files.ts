import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/plan.js';

/**
 * Writes the files a plan names (FastAPI's JSON logging config) before the app starts: each
 * atomically (a temp file renamed over it), and only when its content changed. A failure is
 * logged, and the app starts anyway, with its framework's own logging. Returns the plan.
 */
export function writePlanFiles(plan: Plan, logger: Logger): Plan {
  for (const f of plan.files) {
    try {
      if (readOrUndefined(f.path) === f.content) continue;
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = `${f.path}.${process.pid}.tmp`;
      writeFileSync(tmp, f.content, { mode: 0o644 });
      renameSync(tmp, f.path);
    } catch (e) {
      logger.log({ event: 'plan-file.write-failed', path: f.path, error: e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : String(e) });
    }
  }
  return plan;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

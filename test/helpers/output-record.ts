// Every test that runs paas-init records what paas-init itself printed (its log, and the output of
// commands meant to hide secrets) into one file per test run; the test runner's last step
// (test/secret-scan.ts) scans it for every secret value the suite uses.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where outputs are recorded; build/run-tests.mjs empties it before a run. */
export const outputRecord = resolve('.test-output/paas-init-output.log');

/** Appends one run's output. */
export function recordOutput(label: string, text: string): void {
  if (text === '') return;
  mkdirSync(dirname(outputRecord), { recursive: true });
  appendFileSync(outputRecord, `==== ${label}\n${text}\n`);
}

/** The secret values the suite puts into secrets, bindings and credentials: none may be printed. */
export const suiteSecrets: readonly string[] = [
  'hunter2-secret', 'super-secret-api-token', 'status-must-not-show-this', 'status-pw', 'very-secret-s3-key',
  'pw-that-must-not-leak', 'p@ss:w/rd#1?%&', 'reliability-secret-value', 's3cr3t-value',
];

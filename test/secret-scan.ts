// The test runner's last step (build/run-tests.mjs), after every test file: no secret value the
// suite used appears in anything paas-init printed during the run (its logs, check, status,
// migrate, action and error output), as recorded by the test helpers. Independent of file order.
// Usage: node --import tsx test/secret-scan.ts [--whole-suite]
import { existsSync, readFileSync } from 'node:fs';
import { outputRecord, suiteSecrets } from './helpers/output-record.js';

const wholeSuite = process.argv.includes('--whole-suite');
const text = existsSync(outputRecord) ? readFileSync(outputRecord, 'utf8') : '';
const runs = text.split('\n').filter((l) => l.startsWith('==== ')).length;
const problems: string[] = [];
// The whole suite runs paas-init hundreds of times: an empty record means the recording broke.
if (wholeSuite && text.length < 10_000) problems.push(`the record ${outputRecord} holds ${text.length} characters: paas-init's output was not recorded`);
for (const secret of suiteSecrets) {
  const at = text.indexOf(secret);
  if (at === -1) continue;
  const label = text.slice(Math.max(0, text.lastIndexOf('====', at)), at).split('\n')[0];
  problems.push(`a secret value of the suite appears in paas-init output, in: ${label}`);
}
for (const p of problems) process.stderr.write(`secret scan: ${p}\n`);
process.stderr.write(`secret scan: ${runs} recorded outputs (${text.length} characters) read, ${problems.length === 0 ? 'no secret value in them' : `${problems.length} problem(s)`}\n`);
process.exit(problems.length === 0 ? 0 : 1);

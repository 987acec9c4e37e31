// A layer file's text → its services, checked as Pebble's ParseLayer and Layer.Validate check
// them: unknown keys are errors, every service needs an `override`, its command must parse.
// Read with YAML's failsafe schema: every scalar stays the text it is written as, as Pebble's
// decoder gives it to a string field (`DEBUG: on` is "on", `MODE: 0755` is "0755"), and an empty
// scalar is the empty string, which Pebble takes as unset.
import { parseDocument } from 'yaml';
import { describeFound, type Problem } from '../errors.js';
import { isCommandFault, parseServiceCommand } from './command.js';
import type { Layer, LayerService } from './layer.js';
import { parseChecks, processFields } from './parse-checks.js';
import { parsePolicy } from './parse-policy.js';
import { fieldReader, isMap, names, oneOf, only, text, type Report } from './yaml-values.js';

/** Top-level sections of a layer; log targets are accepted, their names kept so that `check` can say paas-init does not use them. */
const sections = ['summary', 'description', 'services', 'checks', 'log-targets'];

/** Service fields paas-init reads (the policy ones in parse-policy.ts), and the one it accepts without acting on it. */
const readFields = ['override', 'summary', 'description', 'startup', 'command', 'after', 'before', 'requires', 'environment', 'user', 'user-id', 'group', 'group-id', 'working-dir',
  'on-success', 'on-failure', 'on-check-failure', 'backoff-delay', 'backoff-factor', 'backoff-limit', 'kill-delay'];
const passedFields = ['workload'];

/** Parses one layer (pure): the layer, or the problems that make it unusable. */
export function parseLayer(text: string, path: string, name: string): { layer?: Layer; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  const error = parsed.errors[0];
  if (error !== undefined) {
    const at = error.linePos?.[0];
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    return { problems: [{ file: path, expected: 'a YAML Pebble layer', found: `a syntax error${where} (${error.message.split(/ at line \d/)[0]})`, consequence: 'the app will not start' }] };
  }
  const doc: unknown = parsed.toJS() ?? {};
  if (!isMap(doc)) return { problems: [{ file: path, expected: 'a map of summary, description, services', found: describeFound(doc), consequence: 'the app will not start' }] };
  for (const key of Object.keys(doc)) {
    if (!sections.includes(key)) problems.push({ file: path, key, expected: `one of ${sections.join(', ')}`, found: 'an unknown section' });
  }
  const raw = doc.services ?? {};
  if (!isMap(raw)) {
    problems.push({ file: path, key: 'services', expected: 'a map of service names to services', found: describeFound(raw) });
    return { problems };
  }
  const services: LayerService[] = [];
  for (const [serviceName, value] of Object.entries(raw)) {
    const s = parseService(serviceName, value, path, problems);
    if (s !== undefined) services.push(s);
  }
  const checks = parseChecks(doc.checks, path, problems);
  const logTargets = sectionNames(doc, 'log-targets', path, problems);
  return problems.length > 0 ? { problems } : { layer: { path, name, services, checks, logTargets }, problems };
}

/** The names in a section paas-init does not use (its content is Pebble's to check). */
function sectionNames(doc: Record<string, unknown>, key: string, file: string, problems: Problem[]): string[] {
  const v = doc[key];
  if (v === undefined || v === '') return [];
  if (isMap(v)) return Object.keys(v);
  problems.push({ file, key, expected: 'a map of names to definitions', found: describeFound(v) });
  return [];
}

function parseService(name: string, value: unknown, file: string, problems: Problem[]): LayerService | undefined {
  const at = `services.${name}`;
  const before = problems.length;
  if (name === '' || name === 'pebble' || name.startsWith('-')) {
    problems.push({ file, key: at, expected: 'a service name that is not empty, not "pebble" and does not start with "-"', found: JSON.stringify(name) });
  }
  if (!isMap(value)) {
    problems.push({ file, key: at, expected: 'a map of service fields', found: describeFound(value) });
    return undefined;
  }
  const report: Report = (key, expected, found) => problems.push({ file, key: `${at}.${key}`, expected, found });
  const field = fieldReader(value, '', report, [...readFields, ...passedFields], 'a Pebble service field');
  const override = oneOf(field('override', text, 'merge or replace'), ['merge', 'replace'] as const, 'override', report);
  if (override === undefined && problems.length === before) report('override', 'merge or replace', 'nothing');
  const startup = oneOf(field('startup', text, 'enabled or disabled'), ['enabled', 'disabled'] as const, 'startup', report);
  const command = field('command', text, 'a command (a string)');
  if (command !== undefined) {
    const c = parseServiceCommand(command);
    if (isCommandFault(c)) problems.push({ file, key: `${at}.command`, expected: c.expected, found: c.found, consequence: 'the app will not start' });
  }
  const s: LayerService = {
    name,
    ...only('override', override),
    ...only('summary', field('summary', text, 'a string')),
    ...only('startup', startup),
    ...only('command', command),
    ...only('after', field('after', names, 'a list of service names')),
    ...only('before', field('before', names, 'a list of service names')),
    ...only('requires', field('requires', names, 'a list of service names')),
    ...processFields(field),
    ...parsePolicy(field, report),
  };
  return problems.length === before ? s : undefined;
}

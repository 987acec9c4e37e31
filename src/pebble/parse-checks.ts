// A layer's `checks` section, checked as Pebble's ParseLayer and Layer.Validate check it
// (plan.go Check, HTTPCheck, TCPCheck, ExecCheck): unknown keys are errors, every check needs an
// `override`, level and startup take Pebble's words, period and timeout are durations that are
// not zero, an exec command must split. What needs the other layers (exactly one of http, tcp,
// exec; the url, port or command set) is checked once they are combined (combine-checks.ts).
import { describeFound, type Problem } from '../errors.js';
import { split } from 'shlex';
import type { ExecCheckFields, LayerCheck, ProcessFields } from './layer.js';
import { readDuration } from './parse-policy.js';
import { fieldReader, isMap, oneOf, only, stringMap, text, whole, type FieldReader, type Report } from './yaml-values.js';

const checkKeys = ['override', 'level', 'startup', 'period', 'timeout', 'threshold', 'http', 'tcp', 'exec'];
const httpKeys = ['url', 'headers'];
const tcpKeys = ['port', 'host'];
const execKeys = ['command', 'service-context', 'environment', 'user-id', 'user', 'group-id', 'group', 'working-dir'];

/** The checks of one layer's `checks` value, in file order; problems name the file and the key. */
export function parseChecks(v: unknown, file: string, problems: Problem[]): LayerCheck[] {
  if (v === undefined || v === '') return [];
  if (!isMap(v)) {
    problems.push({ file, key: 'checks', expected: 'a map of check names to checks', found: describeFound(v) });
    return [];
  }
  const out: LayerCheck[] = [];
  for (const [name, value] of Object.entries(v)) {
    const before = problems.length;
    const report: Report = (key, expected, found) => problems.push({ file, key: `checks.${name}${key === '' ? '' : `.${key}`}`, expected, found });
    const c = parseCheck(name, value, report);
    if (c !== undefined && problems.length === before) out.push(c);
  }
  return out;
}

function parseCheck(name: string, value: unknown, report: Report): LayerCheck | undefined {
  if (name === '') report('', 'a check name that is not empty', '""');
  if (!isMap(value)) {
    report('', 'a map of check fields (override, level, startup, period, timeout, threshold, http, tcp, exec)', describeFound(value));
    return undefined;
  }
  const field = fieldReader(value, '', report, checkKeys, 'a Pebble check field');
  const override = oneOf(field('override', text, 'merge or replace'), ['merge', 'replace'], 'override', report);
  if (override === undefined && value.override === undefined) report('override', 'merge or replace', 'nothing');
  const duration = (key: string): number | undefined => {
    const ms = readDuration(field, report, key, 'a duration like 500ms or 10s');
    if (ms !== 0) return ms;
    report(key, 'a duration that is not zero', JSON.stringify(value[key]));
    return undefined;
  };
  const threshold = field('threshold', whole, 'a number of failures, 1 or more');
  if (threshold === 0) report('threshold', 'a number of failures, 1 or more', '"0"');
  return {
    name,
    ...only('override', override),
    ...only('level', oneOf(field('level', text, 'alive or ready'), ['alive', 'ready'] as const, 'level', report)),
    ...only('startup', oneOf(field('startup', text, 'enabled or disabled'), ['enabled', 'disabled'] as const, 'startup', report)),
    ...only('periodMs', duration('period')),
    ...only('timeoutMs', duration('timeout')),
    ...only('threshold', threshold === 0 ? undefined : threshold),
    ...only('http', section(value, 'http', report, httpKeys, (f) => ({ ...only('url', f('url', text, 'a URL')), ...only('headers', f('headers', stringMap, 'a map of header names to values')) }))),
    ...only('tcp', section(value, 'tcp', report, tcpKeys, (f) => tcpFields(f, report))),
    ...only('exec', section(value, 'exec', report, execKeys, (f) => execFields(f, report))),
  };
}

function tcpFields(f: FieldReader, report: Report): { port?: number; host?: string } {
  const port = f('port', whole, 'a port from 1 to 65535');
  if (port !== undefined && (port < 1 || port > 65535)) report('tcp.port', 'a port from 1 to 65535', JSON.stringify(String(port)));
  return { ...only('port', port !== undefined && port >= 1 && port <= 65535 ? port : undefined), ...only('host', f('host', text, 'a host name or address')) };
}

function execFields(f: FieldReader, report: Report): ExecCheckFields {
  const command = f('command', text, 'a command (a string)');
  if (command !== undefined) {
    try {
      if (split(command).length === 0) report('exec.command', 'a command', 'an empty string');
    } catch {
      report('exec.command', 'a command with balanced quotes', 'an unclosed quote');
    }
  }
  return {
    ...only('command', command),
    ...only('serviceContext', f('service-context', text, 'a service name')),
    ...processFields(f),
  };
}

/** The fields of how a process runs, as a service and an exec check both write them. */
export function processFields(f: FieldReader): ProcessFields {
  return {
    ...only('environment', f('environment', stringMap, 'a map of variable names to values')),
    ...only('user', f('user', text, 'a user name')),
    ...only('userId', f('user-id', whole, 'a user id (a whole number)')),
    ...only('group', f('group', text, 'a group name')),
    ...only('groupId', f('group-id', whole, 'a group id (a whole number)')),
    ...only('workingDir', f('working-dir', text, 'a folder path')),
  };
}

/** One of http, tcp, exec: undefined when the check does not have it. */
function section<T>(value: Record<string, unknown>, key: string, report: Report, known: readonly string[], read: (f: FieldReader) => T): T | undefined {
  const v = value[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (!isMap(v)) {
    report(key, `a map of ${known.join(', ')}`, describeFound(v));
    return undefined;
  }
  return read(fieldReader(v, key, report, known, `a Pebble ${key} check field`));
}

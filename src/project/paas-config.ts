// paas-config.yaml (src/paas_charm/paas_config.py: v1 a670ada knows prometheus and
// framework_logging_format; main 2975c3a adds port, metrics-port, metrics-path), validated as the
// line in use validates it: unknown keys are refused (pydantic extra="forbid").
import { describeFound, type Problem } from '../errors.js';
import type { FrameworkName } from '../mapping/frameworks.js';
import { parseYaml } from './yaml-text.js';
import { checkPrometheus } from './paas-config-prometheus.js';

/** The name paas-charm reads, beside charmcraft.yaml (charmcraft's V2 extensions stage it there). */
export const paasConfigFileName = 'paas-config.yaml';

/** What paas-config.yaml sets; an absent key is "not set" (paas-charm's model_fields_set). */
export interface PaasConfig {
  readonly file?: string;
  readonly port?: number;
  readonly metricsPort?: number;
  readonly metricsPath?: string;
  readonly loggingFormat: 'none' | 'json';
}

/** Frameworks whose server paas-charm can switch to JSON logs (FRAMEWORKS_SUPPORTING_LOGGING_FORMAT). */
export const jsonLoggingFrameworks: readonly FrameworkName[] = ['fastapi', 'flask', 'django'];

/** Parses and checks paas-config.yaml text (pure). `allowed` is the line's set of keys. */
export function parsePaasConfig(text: string, file: string, allowed: readonly string[], framework: FrameworkName | undefined, line: number): { config: PaasConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const none: PaasConfig = { file, loggingFormat: 'none' };
  const doc = parseYaml(text, '1.1');
  if (!doc.ok) return { config: none, problems: [{ file, expected: 'valid YAML', found: `${doc.reason} at line ${doc.line} column ${doc.column}` }] };
  if (doc.value === null || doc.value === undefined) return { config: none, problems };
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) return { config: none, problems: [{ file, expected: `a map with keys among ${allowed.join(', ')}`, found: describeFound(doc.value) }] };
  const raw = doc.value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key)) continue;
    const later = line === 1 && ['port', 'metrics-port', 'metrics_port', 'metrics-path', 'metrics_path'].includes(key);
    problems.push({ file, key, expected: `one of ${allowed.join(', ')} (paas-charm ${line}.x)`, found: later ? 'a key of paas-charm 2.x, which 1.x refuses' : 'an unknown key' });
  }
  const port = portKey(raw, ['port'], file, problems);
  const metricsPort = portKey(raw, ['metrics-port', 'metrics_port'], file, problems);
  const pathKey = oneOf(raw, ['metrics-path', 'metrics_path'], file, problems);
  let metricsPath: string | undefined;
  if (pathKey !== undefined) {
    const v = raw[pathKey];
    if (typeof v !== 'string') problems.push({ file, key: pathKey, expected: 'a path such as /metrics', found: describeFound(v) });
    else metricsPath = v === '' ? '/metrics' : v;
  }
  const loggingFormat = loggingFormatKey(raw.framework_logging_format, framework, file, problems);
  if (raw.prometheus !== undefined && raw.prometheus !== null) checkPrometheus(raw.prometheus, file, problems);
  const config: PaasConfig = {
    file, loggingFormat,
    ...(port === undefined ? {} : { port }),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    ...(metricsPath === undefined ? {} : { metricsPath }),
  };
  return { config, problems };
}

function oneOf(raw: Record<string, unknown>, spellings: readonly string[], file: string, problems: Problem[]): string | undefined {
  const present = spellings.filter((k) => k in raw);
  if (present.length > 1) problems.push({ file, key: present.join(', '), expected: `one of ${spellings.join(' or ')}, not both`, found: 'both' });
  return present[0];
}

function portKey(raw: Record<string, unknown>, spellings: readonly string[], file: string, problems: Problem[]): number | undefined {
  const key = oneOf(raw, spellings, file, problems);
  if (key === undefined) return undefined;
  const v = raw[key];
  // pydantic's int also takes a numeric string.
  const n = typeof v === 'bigint' ? v : typeof v === 'string' && /^\s*[0-9]+\s*$/.test(v) ? BigInt(v.trim()) : undefined;
  if (n === undefined || n < 1n || n > 65535n) {
    problems.push({ file, key, expected: 'a port number from 1 to 65535', found: describeFound(v) });
    return undefined;
  }
  return Number(n);
}

function loggingFormatKey(v: unknown, framework: FrameworkName | undefined, file: string, problems: Problem[]): 'none' | 'json' {
  const key = 'framework_logging_format';
  if (v === undefined || v === null || v === 'none') return 'none';
  if (v !== 'json') {
    problems.push({ file, key, expected: 'json or none', found: describeFound(v) });
    return 'none';
  }
  if (framework !== undefined && !jsonLoggingFrameworks.includes(framework)) {
    problems.push({
      file, key, expected: 'none for this framework (json is for Flask, Django and FastAPI)', found: 'json',
      consequence: `charmcraft refuses it: framework_logging_format: json in paas-config.yaml is not supported for '${framework}-framework'`,
    });
    return 'none';
  }
  return 'json';
}

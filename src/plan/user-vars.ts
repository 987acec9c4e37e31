// User options and secret keys under the user prefix (paas-charm's gen_environment, step 1).
import type { Problem } from '../errors.js';
import type { LineSpec } from '../mapping/frameworks.js';
import type { ProjectSpec } from '../project/project-spec.js';
import type { ResolvedOption, ResolvedSecret } from './config-values.js';
import { encodeEnv } from './encode-env.js';
import { envName, isUserOption, type DraftVar } from './framework-env.js';

/** A user variable and what gave it (for messages). */
export interface UserVar {
  readonly v: DraftVar;
  readonly what: string;
}

/**
 * A user option named like a field of the framework model is left out (CharmState.from_charm), and
 * so are the options the line does not export (2.x's metrics-*).
 */
export function userVars(project: ProjectSpec, line: LineSpec | undefined, values: ReadonlyMap<string, ResolvedOption>, secrets: ReadonlyMap<string, ResolvedSecret>, problems: Problem[]): UserVar[] {
  const fw = project.framework;
  const userPrefix = fw?.userPrefix ?? 'APP_';
  const fieldNames = new Set(line?.fields.map((f) => f.field.toLowerCase()) ?? []);
  const exported = (name: string): boolean => isUserOption(fw, name) && !fieldNames.has(name.replace(/-/g, '_')) && !(line?.ignoredOptions ?? []).includes(name);
  const out = new Map<string, UserVar>();
  // Two names that map to one variable (`tls-crt` and `tls_crt`) would hide one of them: a problem.
  const putUser = (v: DraftVar, what: string, file: string): void => {
    const earlier = out.get(v.name)?.what;
    if (earlier !== undefined) problems.push({ file, expected: 'names that give distinct variables', found: `${earlier} and ${what} both give ${v.name}` });
    out.set(v.name, { v, what });
  };
  for (const o of values.values()) {
    if (o.spec.type !== 'secret' && exported(o.spec.name)) putUser({ name: envName(userPrefix, o.spec.name), value: encodeEnv(o.value), source: o.source }, `option "${o.spec.name}"`, project.file);
  }
  for (const s of secrets.values()) {
    if (!isUserOption(fw, s.spec.name)) continue;
    for (const [key, value] of s.keys) putUser({ name: envName(userPrefix, s.spec.name, key), value, source: { kind: 'secret', path: s.folder } }, `secret "${s.spec.name}" key "${key}"`, s.folder);
  }
  return [...out.values()];
}

/** A user option whose variable paas-charm sets itself later (framework, metrics, integrations) gives nothing. */
export function overwritten(vars: readonly UserVar[], env: ReadonlyMap<string, DraftVar>): string[] {
  return vars.filter(({ v }) => v.source.kind !== 'default' && env.get(v.name)?.source !== v.source)
    .map(({ v, what }) => `${what} has no effect: paas-charm sets ${v.name} itself`);
}

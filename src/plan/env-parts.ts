// Pieces of the environment build-plan.ts assembles in paas-charm's order: the line in use and its
// paas-config.yaml, the base URL, 2.x's metrics variables, the generated key, FastAPI's JSON logs.
import { describeFound, type Problem } from '../errors.js';
import type { InputsSnapshot } from '../inputs/snapshot.js';
import type { LineSpec } from '../mapping/frameworks.js';
import type { PaasConfig } from '../project/paas-config.js';
import type { ProjectSpec } from '../project/project-spec.js';
import type { PlanSettings } from './plan-settings.js';
import type { DraftVar } from './framework-env.js';
import { uvicornJsonLogging } from './json-logging.js';
import type { PlanFile } from './plan.js';
import { chooseLine, type LineChoice } from './paas-charm-line.js';
import { paasConfigOf } from './plan-checks.js';

/** The paas-charm line in use, its rules for the framework, and paas-config.yaml as that line reads it. */
export function lineOf(project: ProjectSpec, inputs: InputsSnapshot, settings: PlanSettings, problems: Problem[]): { lineChoice: LineChoice; line: LineSpec | undefined; paas: PaasConfig } {
  const lineChoice = chooseLine(project.bases, settings.paasCharmLine);
  const line = project.framework?.lines[lineChoice.line];
  return { lineChoice, line, paas: paasConfigOf(inputs, project.framework, line, lineChoice, problems) };
}

/** `--base-url`, else http://<app>.<model>:<port>, else http://localhost:<port>; its host must parse. */
export function baseUrlOf(project: ProjectSpec, settings: PlanSettings, port: number, problems: Problem[]): { baseUrl: string; baseUrlHost: string } {
  const baseUrl = settings.baseUrl ?? (settings.model === undefined ? `http://localhost:${port}` : `http://${project.name}.${settings.model}:${port}`);
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : undefined;
  if (host === undefined) problems.push({ file: project.file, key: 'name', expected: 'a name that is a host name in the base URL (or give --base-url)', found: describeFound(project.name) });
  return { baseUrl, baseUrlHost: host ?? 'localhost' };
}

/** 2.x's `<prefix>METRICS_PORT`/`_PATH`, from paas-config.yaml or the framework's defaults. */
export function metricsVars(prefix: string, metrics: { port: number; path: string }, paas: PaasConfig): DraftVar[] {
  const source = paas.file !== undefined && (paas.metricsPort !== undefined || paas.metricsPath !== undefined) ? { kind: 'paas-config' as const, path: paas.file } : { kind: 'framework' as const };
  return [{ name: `${prefix}METRICS_PORT`, value: String(metrics.port), source }, { name: `${prefix}METRICS_PATH`, value: metrics.path, source }];
}

/** The generated key's variable, only when nothing set `name` already (it may not be generated yet: `env`, `check`). */
export function generatedSecretKey(name: string, env: ReadonlyMap<string, DraftVar>, inputs: InputsSnapshot): { generated?: DraftVar; usesGeneratedSecretKey: boolean; secretKeyNotGenerated?: string } {
  if (env.has(name) || inputs.secretKey === undefined) return { usesGeneratedSecretKey: false };
  if (inputs.secretKey === 'not-generated') return { usesGeneratedSecretKey: true, secretKeyNotGenerated: name };
  return { generated: { name, value: inputs.secretKey, source: { kind: 'generated' } }, usesGeneratedSecretKey: true };
}

/** FastAPI's JSON logging: paas-charm sets these last (FastAPIApp.gen_environment). */
export function jsonLogging(stateDir: string, put: (v: DraftVar) => void): PlanFile[] {
  const logging = uvicornJsonLogging(stateDir);
  for (const v of logging.vars) put(v);
  return logging.files;
}

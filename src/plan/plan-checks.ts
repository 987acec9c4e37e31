// What stops the app besides missing inputs: paas-charm's blocked reasons, the app folder,
// paas-config.yaml as the line in use checks it.
import type { Problem } from '../errors.js';
import type { InputsSnapshot } from '../inputs/snapshot.js';
import { appFilesExpected, holdsApp } from '../mapping/app-files.js';
import type { FrameworkSpec, LineSpec } from '../mapping/frameworks.js';
import { databaseInterfaces } from '../mapping/integrations.js';
import { parsePaasConfig, type PaasConfig } from '../project/paas-config.js';
import type { ProjectSpec } from '../project/project-spec.js';
import { workerClasses } from './app-command.js';
import type { ResolvedOption } from './config-values.js';
import type { LineChoice } from './paas-charm-line.js';
import type { PlanSettings } from './plan-settings.js';
import type { BlockedReason } from './plan.js';
import type { RelationOutcome } from './relations.js';

/** paas-charm's blocked reasons, in its order (config before integrations). */
export function blockedReasons(project: ProjectSpec, values: ReadonlyMap<string, ResolvedOption>, secrets: ReadonlyMap<string, unknown>, rel: RelationOutcome, fw: FrameworkSpec | undefined): BlockedReason[] {
  const blocked: BlockedReason[] = [];
  const missingOptions = [...project.options.values()].filter((o) => o.required && !values.has(o.name) && !secrets.has(o.name)).map((o) => o.name);
  if (missingOptions.length > 0) blocked.push({ code: 'missing-options', message: `missing options: ${missingOptions.join(', ')}` });
  if (rel.missing.length > 0) blocked.push({ code: 'missing-integrations', message: `missing integrations: ${rel.missing.join(', ')}` });
  for (const message of rel.blocked) blocked.push({ code: 'invalid-relation', message });
  if (fw?.name === 'django' && !rel.bound.some((r) => databaseInterfaces.includes(r.interface))) {
    blocked.push({ code: 'database-required', message: 'Django requires a database integration to work' });
  }
  const cls = values.get('webserver-worker-class')?.value;
  if (fw?.server === 'gunicorn' && cls !== undefined && !workerClasses.includes(String(cls))) {
    blocked.push({ code: 'invalid-webserver', message: `Only 'gevent' and 'sync' are allowed. https://bit.ly/${fw.name}-async-doc` });
  }
  return blocked;
}

/** The app folder must exist; when paas-init starts the framework's own command, it must hold an app too (no spawn on a guess). */
export function appDirProblems(fw: FrameworkSpec | undefined, appName: string, inputs: InputsSnapshot, settings: PlanSettings): Problem[] {
  const file = settings.appDir;
  const consequence = 'give the app folder with --app-dir';
  if (inputs.appDirMissing !== undefined) return [{ file, expected: 'the app folder (--app-dir, else the working directory)', found: inputs.appDirMissing, consequence }];
  if (fw === undefined || settings.checkAppDir !== 'app' || settings.command !== undefined || holdsApp(fw.name, inputs.appFiles, appName)) return [];
  return [{ file, expected: appFilesExpected[fw.name], found: 'none of them', consequence: `${consequence}, or the command after "--"` }];
}

/** paas-config.yaml, checked with the keys of the line in use; absent, nothing is set. */
export function paasConfigOf(inputs: InputsSnapshot, fw: FrameworkSpec | undefined, line: LineSpec | undefined, choice: LineChoice, problems: Problem[]): PaasConfig {
  if (inputs.paasConfig === undefined) return { loggingFormat: 'none' };
  const allowed = line?.paasConfigKeys ?? ['prometheus', 'framework_logging_format'];
  const parsed = parsePaasConfig(inputs.paasConfig.text, inputs.paasConfig.path, allowed, fw?.name, choice.line);
  problems.push(...parsed.problems.map((p) => ({ ...p, consequence: p.consequence ?? `paas-charm ${choice.line}.x refuses the file (${choice.reason})` })));
  return parsed.config;
}

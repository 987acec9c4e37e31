// Builds InputsSnapshots in memory, so the pure core is tested without touching the disk.
import { absentDir, type InputsSnapshot, type MountedDir } from '../../src/inputs/snapshot.js';
import type { RockFiles } from '../../src/pebble/rock-plan.js';
import { Secret } from '../../src/log/secret.js';
import { buildPlan, type PlanSettings } from '../../src/plan/build-plan.js';
import type { Plan } from '../../src/plan/plan.js';
import { revealValue } from '../../src/log/secret.js';

/** A fixture: the project text and the content of each mount. */
export interface Fixture {
  project?: string;
  /** paas-config.yaml beside the project file */
  paasConfig?: string;
  config?: Record<string, string>;
  secrets?: Record<string, Record<string, string>>;
  bindings?: Record<string, Record<string, string>>;
  sets?: [string, string][];
  relations?: Record<string, string>;
  appFiles?: string[];
  /** text of app files that default-command discovery reads */
  sources?: Record<string, string>;
  rock?: RockFiles;
  secretKey?: string;
}

function dir(path: string, files: Record<string, string> | undefined, dirs?: Record<string, Record<string, string>>): MountedDir {
  if (files === undefined && dirs === undefined) return absentDir(path);
  return {
    path,
    exists: true,
    live: true,
    files: new Map(Object.entries(files ?? {}).map(([k, v]) => [k, { path: `${path}/${k}`, value: new Secret(v) }])),
    dirs: new Map(Object.entries(dirs ?? {}).map(([k, v]) => [k, dir(`${path}/${k}`, v)])),
  };
}

/** The snapshot a fixture stands for. */
export function snapshot(f: Fixture): InputsSnapshot {
  return {
    ...(f.project === undefined ? {} : { project: { path: '/r/charmcraft.yaml', text: f.project } }),
    ...(f.paasConfig === undefined ? {} : { paasConfig: { path: '/r/paas-config.yaml', text: f.paasConfig } }),
    config: dir('/r/config', f.config),
    secrets: f.secrets === undefined ? absentDir('/r/secrets') : dir('/r/secrets', {}, f.secrets),
    bindings: f.bindings === undefined ? absentDir('/r/bindings') : dir('/r/bindings', {}, f.bindings),
    sets: f.sets ?? [],
    relationUris: new Map(Object.entries(f.relations ?? {}).map(([k, v]) => [k, new Secret(v)])),
    appFiles: new Set(f.appFiles ?? []),
    ...(f.sources === undefined ? {} : { appSources: new Map(Object.entries(f.sources)) }),
    ...(f.rock === undefined ? {} : { rock: f.rock }),
    ...(f.secretKey === undefined ? {} : { secretKey: new Secret(f.secretKey) }),
    problems: [],
  };
}

/** Builds the plan of a fixture. */
export function plan(f: Fixture, settings: Partial<PlanSettings> = {}): Plan {
  return buildPlan(snapshot(f), { appDir: '/app', ...settings });
}

/** The plan's env as a plain object with real values. */
export function envOf(p: Plan): Record<string, string> {
  return Object.fromEntries(p.env.map((v) => [v.name, revealValue(v.value)]));
}

/** A charmcraft.yaml for a framework with the given options and requires blocks (YAML text). */
export function projectYaml(extension: string | undefined, options = '', requires = '', name = 'test-app', base?: string): string {
  return [
    `name: ${name}`,
    base === undefined ? '' : `base: ${base}`,
    extension === undefined ? '' : `extensions: [${extension}]`,
    options === '' ? '' : `config:\n  options:\n${indent(options, 4)}`,
    requires === '' ? '' : `requires:\n${indent(requires, 2)}`,
  ].join('\n');
}

function indent(text: string, n: number): string {
  return text.split('\n').map((l) => (l === '' ? l : ' '.repeat(n) + l)).join('\n');
}

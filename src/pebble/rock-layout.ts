// Where rockcraft puts each framework's app, and which Pebble service runs it
// (rockcraft/extensions/*.py; charmcraft's V2 extensions, paas-charm 2, move Flask and Django
// apps to /app). A rock sets no working directory, so a container starts in `/`.
import type { Problem } from '../errors.js';
import { serviceOrigin, type PlanService, type RockServices } from './layer.js';

/** The app folders of each framework's rock, in the order they are tried. */
const rockAppDirs: Readonly<Record<string, readonly string[]>> = {
  flask: ['/flask/app', '/app'],
  django: ['/django/app', '/app'],
  fastapi: ['/app'],
  go: ['/app'],
  expressjs: ['/app'],
  'spring-boot': ['/app'],
};

/** The names of the services that run a framework's app: the framework's own name. */
export const frameworkServiceNames: readonly string[] = Object.keys(rockAppDirs);

/** The service that runs the app: the one named after the framework (or, unknown, any framework's). */
export function frameworkService(services: RockServices, framework?: string): PlanService | undefined {
  if (framework !== undefined) return services.get(framework);
  return frameworkServiceNames.map((n) => services.get(n)).find((s) => s !== undefined);
}

/** The rock layout's app folders for a framework (all of them when it is not known). */
export function rockAppDirCandidates(framework?: string): readonly string[] {
  const dirs = framework === undefined ? frameworkServiceNames.flatMap((n) => rockAppDirs[n] ?? []) : rockAppDirs[framework] ?? ['/app'];
  return [...new Set(dirs)];
}

/** The chosen app folder and why; or, when none was found, what was looked for. */
export interface AppDirChoice {
  readonly dir: string;
  readonly from: string;
  /** set when nothing was found: `dir` is then only the working directory */
  readonly problem?: Problem;
}

/** What app dir discovery knows. */
export interface AppDirFacts {
  readonly explicit?: string;
  readonly cwd: string;
  readonly service?: PlanService;
  readonly framework?: string;
  /** which of rockAppDirCandidates(framework) exist as folders */
  readonly existing: ReadonlySet<string>;
}

/**
 * `--app-dir`; else the working directory unless it is `/`; else the framework service's
 * working-dir; else the first rock layout folder that exists. Never a silent `/`: without any
 * of them the choice carries a problem saying what was looked for.
 */
export function chooseAppDir(f: AppDirFacts): AppDirChoice {
  if (f.explicit !== undefined) return { dir: f.explicit, from: '--app-dir' };
  if (f.cwd !== '/') return { dir: f.cwd, from: 'the working directory' };
  if (f.service?.workingDir !== undefined) return { dir: f.service.workingDir, from: `${serviceOrigin(f.service)}, working-dir` };
  const candidates = rockAppDirCandidates(f.framework ?? f.service?.name);
  const found = candidates.find((d) => f.existing.has(d));
  if (found !== undefined) return { dir: found, from: `the rock layout (${found})` };
  const service = f.service === undefined ? 'a Pebble service named after the framework' : `Pebble service "${f.service.name}"`;
  return {
    dir: f.cwd,
    from: 'the working directory',
    problem: {
      file: '--app-dir',
      expected: `an app folder: --app-dir, a working directory other than /, the working-dir of ${service}, or one of ${candidates.join(', ')}`,
      found: 'none of them (the working directory is /)',
      consequence: 'the app will not start',
    },
  };
}

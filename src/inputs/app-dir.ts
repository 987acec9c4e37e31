import { statSync } from 'node:fs';
import { chooseAppDir, frameworkService, rockAppDirCandidates, type AppDirChoice } from '../pebble/rock-layout.js';
import { rockServices, type RockFiles } from '../pebble/rock-plan.js';
import type { InputPaths } from './input-paths.js';

/** The app folder: given, the working directory, or found in the rock (pebble/rock-layout.ts says how). */
export function locateAppDir(paths: InputPaths, rock: RockFiles | undefined): AppDirChoice {
  if (paths.appDirGiven || paths.appDir !== '/') return chooseAppDir({ ...(paths.appDirGiven ? { explicit: paths.appDir } : {}), cwd: paths.appDir, existing: new Set() });
  const service = rock === undefined ? undefined : frameworkService(rockServices(rock).services);
  const existing = new Set(rockAppDirCandidates(service?.name).filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  }));
  return chooseAppDir({ cwd: paths.appDir, ...(service === undefined ? {} : { service }), existing });
}

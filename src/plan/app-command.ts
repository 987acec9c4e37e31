import type { FrameworkSpec } from '../mapping/frameworks.js';
import { commandArgv, isCommandFault, parseServiceCommand } from '../pebble/command.js';
import { serviceOrigin, type PlanService } from '../pebble/layer.js';
import type { ResolvedOption } from './config-values.js';
import type { MigrationPlan } from './plan.js';
import { findDjangoWsgi, findEntryPoint, requiresPackage, type AppSources } from './python-entrypoint.js';

/** The migration files paas-charm looks for, in order; the last one found wins. */
export const migrationFiles: readonly string[] = ['migrate', 'migrate.sh', 'migrate.py', 'manage.py'];

/** paas-charm's migration discovery (app.py _run_migrations): manage.py beats migrate.py beats migrate.sh beats migrate. */
export function findMigration(appFiles: ReadonlySet<string>, appDir: string): MigrationPlan | undefined {
  let found: MigrationPlan | undefined;
  for (const file of migrationFiles) {
    if (!appFiles.has(file)) continue;
    switch (file) {
      case 'migrate': found = { file, argv: [`${appDir.replace(/\/$/, '')}/migrate`] }; break;
      case 'migrate.sh': found = { file, argv: ['bash', '-eo', 'pipefail', 'migrate.sh'] }; break;
      case 'migrate.py': found = { file, argv: ['python3', 'migrate.py'] }; break;
      case 'manage.py': found = { file, argv: ['python3', 'manage.py', 'migrate'] }; break;
    }
  }
  return found;
}

/** The worker classes paas-charm allows for gunicorn. */
export const workerClasses: readonly string[] = ['sync', 'gevent'];

/** The command to run and where it came from (for `check`). */
export interface AppCommand {
  readonly argv: readonly string[] | undefined;
  readonly from: string | undefined;
}

/** What choosing the app's command looks at. */
export interface AppCommandFacts {
  readonly fw: FrameworkSpec;
  readonly values: ReadonlyMap<string, ResolvedOption>;
  readonly appDir: string;
  readonly appName: string;
  readonly port: number;
  readonly appFiles: ReadonlySet<string>;
  readonly sources: AppSources;
  /** the rock's service named after the framework */
  readonly service?: PlanService;
}

/** The rock's command for the framework's service when there is one, else the framework's default. */
export function appCommand(f: AppCommandFacts): AppCommand {
  if (f.service?.command !== undefined) {
    const argv = rockCommand(f.service.command, f);
    return { argv, from: argv === undefined ? undefined : serviceOrigin(f.service) };
  }
  return defaultCommand(f);
}

/**
 * The rock's command, adjusted as paas-charm adjusts it: a `webserver-worker-class` replaces the
 * default arguments of `-k [ sync ]`, and paas-init's gunicorn settings follow the rock's
 * `-c <file>` as flags (gunicorn lets flags override the file, which may be read-only).
 */
function rockCommand(text: string, f: AppCommandFacts): readonly string[] | undefined {
  const c = parseServiceCommand(text);
  if (isCommandFault(c)) return undefined; // reported by the layer parser
  if (f.fw.server !== 'gunicorn') return commandArgv(c);
  const base = [...c.base];
  const config = base.indexOf('-c');
  if (config >= 0 && config + 1 < base.length) base.splice(config + 2, 0, ...gunicornFlags(f));
  const cls = f.values.get('webserver-worker-class')?.value;
  const replaceDefaults = typeof cls === 'string' && base.at(-1) === '-k' && c.defaults.length > 0;
  return commandArgv({ base, defaults: c.defaults }, replaceDefaults ? [cls] : undefined);
}

/** What paas-charm writes into gunicorn.conf.py, as flags: bind, chdir, logs to stdout/stderr, the webserver-* options. */
function gunicornFlags(f: AppCommandFacts): string[] {
  const flag = (option: string, name: string): string[] => {
    const v = f.values.get(option)?.value;
    return v === undefined ? [] : [name, String(v)];
  };
  return [
    '--bind', `0.0.0.0:${f.port}`,
    '--chdir', f.appDir,
    '--access-logfile', '-', '--error-logfile', '-',
    ...flag('webserver-workers', '--workers'),
    ...flag('webserver-threads', '--threads'),
    ...flag('webserver-keepalive', '--keep-alive'),
    ...flag('webserver-timeout', '--timeout'),
  ];
}

/**
 * The framework's default command, with the entry point rockcraft would find. For gunicorn, the
 * worker class is `webserver-worker-class`, else gevent when the requirements name it (as
 * rockcraft bakes `-k [ gevent ]` into the rock), else sync.
 */
export function defaultCommand(f: AppCommandFacts): AppCommand {
  const dir = f.appDir.replace(/\/$/, '');
  switch (f.fw.server) {
    case 'gunicorn': {
      const entry = f.fw.name === 'django' ? findDjangoWsgi(f.sources, f.appName) : findEntryPoint(f.sources, f.appName, ['app', 'application'], ['create_app', 'make_app']);
      const target = entry?.target ?? (f.fw.name === 'django' ? onlyWsgiModule(f.appFiles) : undefined) ?? f.fw.entryPoint ?? 'app:app';
      const set = f.values.get('webserver-worker-class')?.value;
      const workerClass = typeof set === 'string' ? set : requiresPackage(f.sources, 'gevent') ? 'gevent' : 'sync';
      return {
        argv: ['python3', '-m', 'gunicorn', ...gunicornFlags(f), '-k', workerClass, target],
        from: `the ${f.fw.name} default${entry === undefined ? '' : ` (${entry.target} found in ${entry.file})`}`,
      };
    }
    case 'uvicorn': {
      // uvicorn reads UVICORN_PORT, UVICORN_HOST, UVICORN_LOG_LEVEL and WEB_CONCURRENCY from the env.
      const entry = findEntryPoint(f.sources, f.appName, ['app'], []);
      return { argv: ['python3', '-m', 'uvicorn', entry?.target ?? f.fw.entryPoint ?? 'app:app'], from: `the fastapi default${entry === undefined ? '' : ` (${entry.target} found in ${entry.file})`}` };
    }
    case 'binary':
      return { argv: [`${dir}/${f.appName}`], from: 'the go default (the binary named after the app)' };
    case 'npm':
      return { argv: ['npm', 'start'], from: 'the expressjs default' };
    case 'java':
      // The rock's own command (rockcraft/extensions/springboot.py), through exec so that signals reach java.
      return { argv: ['bash', '-c', 'exec java -jar *.jar'], from: 'the spring-boot default (the rock\'s java -jar *.jar)' };
  }
}

/** The one `<package>/wsgi.py` in the app folder, when the files' text was not read. */
function onlyWsgiModule(appFiles: ReadonlySet<string>): string | undefined {
  const modules = [...appFiles].filter((f) => f.endsWith('/wsgi.py')).map((f) => f.slice(0, -'/wsgi.py'.length));
  return modules.length === 1 ? `${modules[0]}.wsgi:application` : undefined;
}

import type { FrameworkSpec } from '../mapping/frameworks.js';
import type { ResolvedOption } from './config-values.js';
import type { MigrationPlan } from './plan.js';

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

/**
 * The framework's default command. For gunicorn, the flags stand for what paas-charm writes into
 * gunicorn.conf.py (bind, chdir, logs to stdout/stderr, workers, threads, keepalive, timeout)
 * and the `-k` worker class it swaps into the rock's command.
 */
export function defaultCommand(fw: FrameworkSpec, values: ReadonlyMap<string, ResolvedOption>, appDir: string, appName: string, port: number, appFiles: ReadonlySet<string>): readonly string[] | undefined {
  switch (fw.server) {
    case 'gunicorn': {
      const flag = (option: string, name: string): string[] => {
        const v = values.get(option)?.value;
        return v === undefined ? [] : [name, String(v)];
      };
      const workerClass = values.get('webserver-worker-class')?.value;
      return [
        'python3', '-m', 'gunicorn',
        '--bind', `0.0.0.0:${port}`,
        '--chdir', appDir,
        '--access-logfile', '-', '--error-logfile', '-',
        ...flag('webserver-workers', '--workers'),
        ...flag('webserver-threads', '--threads'),
        ...flag('webserver-keepalive', '--keep-alive'),
        ...flag('webserver-timeout', '--timeout'),
        '-k', typeof workerClass === 'string' ? workerClass : 'sync',
        fw.name === 'django' ? djangoEntryPoint(appFiles, fw.entryPoint ?? '') : fw.entryPoint ?? 'app:app',
      ];
    }
    case 'uvicorn':
      // uvicorn reads UVICORN_PORT, UVICORN_HOST, UVICORN_LOG_LEVEL and WEB_CONCURRENCY from the env.
      return ['python3', '-m', 'uvicorn', fw.entryPoint ?? 'app:app'];
    case 'binary':
      return [`${appDir.replace(/\/$/, '')}/${appName}`];
    case 'npm':
      return ['npm', 'start'];
    case 'java':
      return undefined;
  }
}

/** A Django project's WSGI module: the one `<package>/wsgi.py` in the app folder, else paas-charm's rock default. */
function djangoEntryPoint(appFiles: ReadonlySet<string>, fallback: string): string {
  const modules = [...appFiles].filter((f) => f.endsWith('/wsgi.py')).map((f) => f.slice(0, -'/wsgi.py'.length));
  return modules.length === 1 ? `${modules[0]}.wsgi:application` : fallback;
}

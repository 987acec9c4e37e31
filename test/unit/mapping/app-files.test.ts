import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdsApp } from '../../../src/mapping/app-files.js';
import type { FrameworkName } from '../../../src/mapping/frameworks.js';

test('a folder holds an app for its framework when it has the files rockcraft looks for', () => {
  const cases: [FrameworkName, string[], boolean][] = [
    ['flask', ['app.py'], true],
    ['flask', ['main.py'], true],
    ['flask', ['wsgi.py'], true],
    ['flask', ['app', 'app/__init__.py'], true],
    ['flask', ['src', 'src/main.py'], true],
    ['flask', ['shop', 'shop/app.py'], true],
    ['flask', ['charmcraft.yaml', 'requirements.txt'], false],
    ['flask', ['lib', 'lib/__init__.py'], false],
    ['fastapi', ['main.py'], true],
    ['fastapi', ['README.md'], false],
    ['django', ['manage.py'], true],
    ['django', ['mysite', 'mysite/wsgi.py'], true],
    ['django', ['app.py'], false],
    ['go', ['shop'], true],
    ['go', ['go.mod'], true],
    ['go', ['main.go'], false],
    ['expressjs', ['package.json'], true],
    ['expressjs', ['app.js'], false],
    ['spring-boot', ['shop-0.1.jar'], true],
    ['spring-boot', ['pom.xml'], true],
    ['spring-boot', ['build.gradle'], true],
    ['spring-boot', ['src'], false],
  ];
  for (const [fw, names, want] of cases) assert.equal(holdsApp(fw, new Set(names), 'shop'), want, `${fw}: ${names.join(' ')}`);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plan, projectYaml } from '../../helpers/snapshot.js';

const flask = projectYaml('flask-framework', '', '', 'my-app');

/** Where rockcraft looks for a Flask app, and what it finds there. */
const flaskCases: { summary: string; sources: Record<string, string>; target: string; from: string }[] = [
  { summary: 'an app variable in app.py', sources: { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }, target: 'app:app', from: 'the flask default (app:app found in app.py)' },
  { summary: 'an application variable in main.py', sources: { 'main.py': 'import flask\napplication = flask.Flask(__name__)\n' }, target: 'main:application', from: 'the flask default (main:application found in main.py)' },
  { summary: 'a variable beats a factory in an earlier file', sources: { 'app.py': 'def create_app():\n    return None\n', 'src/main.py': 'app = make()\n' }, target: 'src.main:app', from: 'the flask default (src.main:app found in src/main.py)' },
  { summary: 'a create_app factory in a package', sources: { 'app/__init__.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n' }, target: 'app:create_app()', from: 'the flask default (app:create_app() found in app/__init__.py)' },
  { summary: 'an app imported into the project\'s own package', sources: { 'my_app/app.py': 'from .web import server as app\n' }, target: 'my_app.app:app', from: 'the flask default (my_app.app:app found in my_app/app.py)' },
  { summary: 'an indented assignment is not a global, so the default stays', sources: { 'app.py': 'def f():\n    app = 1\n' }, target: 'app:app', from: 'the flask default' },
];

for (const c of flaskCases) {
  test(`Flask without a rock: ${c.summary}.`, () => {
    const p = plan({ project: flask, sources: c.sources });
    assert.equal(p.command?.at(-1), c.target);
    assert.equal(p.commandFrom, c.from);
  });
}

test('gevent in requirements.txt or pyproject.toml gives -k gevent, unless webserver-worker-class says otherwise', () => {
  const k = (sources: Record<string, string>, config?: Record<string, string>): string | undefined => {
    const c = plan({ project: flask, sources, ...(config === undefined ? {} : { config }) }).command;
    return c?.[c.indexOf('-k') + 1];
  };
  assert.equal(k({ 'requirements.txt': 'Flask==3.0\ngevent>=23 ; python_version > "3"\n' }), 'gevent');
  assert.equal(k({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "flask",\n  "gevent~=24.2",\n]\n' }), 'gevent');
  assert.equal(k({ 'requirements.txt': 'flask\ngevent-websocket\n' }), 'sync');
  assert.equal(k({ 'requirements.txt': 'gevent\n' }, { 'webserver-worker-class': 'sync' }), 'sync');
});

test('Django without a rock: <project>/wsgi.py with an application, the project\'s own name first', () => {
  const django = projectYaml('django-framework', '', '', 'shop');
  const wsgi = 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n';
  const p = plan({ project: django, appFiles: ['manage.py', 'shop', 'other'], sources: { 'other/wsgi.py': wsgi, 'shop/wsgi.py': wsgi } });
  assert.equal(p.command?.at(-1), 'shop.wsgi:application');
  assert.equal(p.commandFrom, 'the django default (shop.wsgi:application found in shop/wsgi.py)');
});

test('FastAPI without a rock: the app variable where rockcraft looks for it', () => {
  const p = plan({ project: projectYaml('fastapi-framework'), sources: { 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' } });
  assert.deepEqual(p.command, ['python3', '-m', 'uvicorn', 'app.main:app']);
});

test('Spring Boot without a rock runs the jar as the rock does', () => {
  assert.deepEqual(plan({ project: projectYaml('spring-boot-framework') }).command, ['bash', '-c', 'exec java -jar *.jar']);
});

// A Flask rock and a Django rock, laid out as rockcraft lays them out (test/fixtures/rocks/), run
// unchanged with paas-init mounted in and set as the entrypoint: the rock's own Pebble services
// (the framework's command, statsd-exporter, the -worker) run under paas-init, as the rock's user.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertReaping, assertServing, assertStopsCleanly, pageShowing, paasInitEntrypoint, postgresSkip, status, withContainer } from '../helpers/container-app.js';
import { djangoAdminLogin, pollJson } from '../helpers/http.js';
import { containerImages, podmanSkip } from '../helpers/podman.js';


const rocks = [
  { framework: 'flask', wsgi: 'app:app', prefix: 'FLASK' },
  { framework: 'django', wsgi: 'django_app.wsgi:application', prefix: 'DJANGO' },
] as const;

describe('rocks in a real container, with paas-init as their entrypoint', { skip: podmanSkip || postgresSkip }, () => {
  for (const rock of rocks) {
    test(`the ${rock.framework} rock serves with the rock's command, runs its worker with the app's environment, reaps orphans and stops with exit code 0`, async () => {
      const image = containerImages()[`${rock.framework}-rock`];
      const token = `from-the-${rock.framework}-rock`;
      await withContainer(rock.framework, token, (app) => [[...paasInitEntrypoint(), ...app.mounts('all')], image, ['run', ...app.portArgs]], async (app, c) => {
        await assertServing(app, c, token);

        // The command running is the rock's own, from its Pebble layer.
        const pid = (await status(app, c)).app.pid;
        const cmdline = (await c.exec(['cat', `/proc/${pid}/cmdline`])).stdout.split('\0');
        assert.deepEqual(cmdline.slice(0, 5), ['/bin/python3', '-m', 'gunicorn', '-c', `/${rock.framework}/gunicorn.conf.py`], cmdline.join(' '));
        assert.ok(cmdline.includes(rock.wsgi), cmdline.join(' '));
        const logs = await c.logs();
        assert.match(logs, new RegExp(`worker: started with ${rock.prefix}_TOKEN=${token} POSTGRESQL_DB_NAME=${app.db}\\n`), 'the worker has the app\'s environment');
        assert.match(logs, /statsd_exporter \(stand-in\): started with --statsd\.mapping-config=\/statsd-mapping\.conf/);
        assert.doesNotMatch(logs, /pebble \(stand-in\)/, 'the rock\'s own entrypoint is not run');

        if (rock.framework === 'django') {
          const su = await c.exec(['/opt/paas-init/paas-init', 'action', 'create-superuser', '--username', 'admin', '--email', 'admin@example.com']);
          assert.equal(su.code, 0, su.stderr);
          const password = /^password: (\S+)\n$/.exec(su.stdout)?.[1];
          assert.ok(password !== undefined && password.length >= 16, su.stdout);
          assert.equal(await djangoAdminLogin(`http://127.0.0.1:${app.port}`, 'admin', password), true, 'admin login with the printed password');
        }

        assert.equal(await assertReaping(app, c, false), 'reaped');
        await assertStopsCleanly(c);
      });
    });
  }

  test('run as root, the rock\'s services run as the user their Pebble layer names (_daemon_, 584792), as Pebble runs them', async () => {
    const image = containerImages()['flask-rock'];
    await withContainer('flask', 'as-root', (app) => [[...paasInitEntrypoint(), '--user', '0', ...app.mounts('all')], image, ['run', ...app.portArgs]], async (app, c) => {
      await assertServing(app, c, 'as-root');
      // Every process but PID 1 (paas-init, root) and this probe's shell: "<command> <uid>".
      const ps = await c.exec(['sh', '-c', 'for p in /proc/[0-9]*; do n=${p#/proc/}; [ "$n" = 1 ] || [ "$n" = $$ ] || echo "$(cat $p/comm) $(grep ^Uid: $p/status | cut -f2)"; done']);
      const procs = ps.stdout.trim().split('\n');
      assert.deepEqual(procs.filter((l) => !l.endsWith(' 584792')), [], ps.stdout);
      for (const comm of ['python3', 'statsd_exporter', 'bash']) assert.ok(procs.some((l) => l.startsWith(`${comm} `)), `${comm} runs: ${ps.stdout}`);
      await assertStopsCleanly(c);
    });
  });

  test('a layer added to the rock: its check restarts the app it names, a worker whose on-failure is ignore stays down, in the container', async () => {
    const image = containerImages()['flask-rock'];
    // Pebble reads every layer in the folder: a second one, as a deployment might mount it.
    const layer = `summary: policy and checks over the rock's own layer
services:
  flask:
    override: merge
    on-check-failure: {page: restart}
  flask-app-worker:
    override: merge
    on-failure: ignore
checks:
  page:
    override: replace
    level: alive
    period: 300ms
    threshold: 2
    exec: {command: "test ! -e /tmp/page-down"}
`;
    await withContainer('flask', 'with-policy', (app) => {
      const file = join(app.dir, '002-policy.yaml');
      writeFileSync(file, layer, { mode: 0o644 });
      return [[...paasInitEntrypoint(), ...app.mounts('all'), '-v', `${file}:/var/lib/pebble/default/layers/002-policy.yaml:ro`], image, ['run', ...app.portArgs]];
    }, async (app, c) => {
      await assertServing(app, c, 'with-policy');
      type Doc = { ready: boolean; processes: { name: string; phase: string }[]; checks: { rock: { name: string; status: string }[] } };
      const url = `http://127.0.0.1:${app.statusPort}/status`;
      const phase = (d: Doc) => d.processes.find((p) => p.name === 'flask-app-worker')?.phase;
      await pollJson<Doc>(url, (d) => d.checks.rock[0]?.status === 'up' && phase(d) === 'running' && d.ready, 20_000, () => 'the check up and the worker running');

      // SIGKILL the worker (the probe's own shell, whose text names it too, left out): it stays down.
      const kill = await c.exec(['sh', '-c', 'for p in /proc/[0-9]*; do n=${p#/proc/}; [ "$n" = $$ ] && continue; grep -q "worker: started" $p/cmdline 2>/dev/null && kill -9 $n; done; true']);
      assert.equal(kill.code, 0, kill.stderr);
      await c.waitForLog(/event=app\.exit-ignored on=on-failure code=\d+ process=flask-app-worker/, 30_000);
      assert.equal(phase(await pollJson<Doc>(url, (d) => phase(d) === 'inactive', 20_000, () => 'the worker inactive')), 'inactive');

      // The check goes down: the app it names is restarted (a second gunicorn), and serves again once it is up.
      const gunicorns = async () => ((await c.logs()).match(/event=app\.started pid=\d+ command="\/bin\/python3/g) ?? []).length;
      assert.equal(await gunicorns(), 1);
      assert.equal((await c.exec(['touch', '/tmp/page-down'])).code, 0);
      await c.waitForLog(/event=check\.down check=page detail="[^"]*" action=restart service=flask/, 30_000);
      assert.equal((await pollJson<Doc>(url, (d) => d.checks.rock[0]?.status === 'down', 20_000, () => 'the check down')).ready, false);
      assert.equal((await c.exec(['rm', '/tmp/page-down'])).code, 0);
      await pollJson<Doc>(url, (d) => d.checks.rock[0]?.status === 'up' && d.ready, 30_000, () => 'the check up again');
      await pageShowing(app, c, 'with-policy');
      assert.ok(await gunicorns() >= 2, await c.logs());
      assert.equal(phase(await pollJson<Doc>(url, () => true, 5_000, () => 'status')), 'inactive', 'the ignored worker is still down');
      await assertStopsCleanly(c);
    });
  });
});

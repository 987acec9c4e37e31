// Hardened containers: the Flask rock, unchanged, with a read-only root and a tmpfs /tmp (exec, then
// noexec as Docker's --tmpfs makes it), and run as an arbitrary uid (as OpenShift does); and
// Dockerfile.example's image, whose binary was copied without `paas-init install`, read-only with a
// noexec /tmp. paas-init must find a writable state dir, migrate under a lock it can take, serve,
// reap (or, where there is no way to, say so) and stop cleanly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ContainerApp, assertReaping, assertServing, assertStopsCleanly, paasInitEntrypoint, postgresSkip, withContainer } from '../helpers/container-app.js';
import { type Images, containerImages, podmanSkip } from '../helpers/podman.js';


const readOnly = ['--read-only', '--read-only-tmpfs=false'];
const noexecTmp = ['--tmpfs', '/tmp:rw,noexec,nosuid,nodev'];
const rock = (images: Images, app: ContainerApp, options: readonly string[]) => [[...paasInitEntrypoint(), ...options, ...app.mounts('all')], images['flask-rock'], ['run', ...app.portArgs]] as const;

const cases = [
  {
    summary: 'the Flask rock with a read-only root and an exec tmpfs /tmp', uid: '584792', tmpExec: true, unavailableAllowed: false,
    start: (images: Images, app: ContainerApp) => rock(images, app, [...readOnly, '--tmpfs', '/tmp:rw,exec,nosuid,nodev']),
  },
  {
    summary: 'the Flask rock with a read-only root and a noexec tmpfs /tmp', uid: '584792', tmpExec: false, unavailableAllowed: false,
    start: (images: Images, app: ContainerApp) => rock(images, app, [...readOnly, ...noexecTmp]),
  },
  {
    summary: 'the Flask rock as an arbitrary uid', uid: '1000650000', tmpExec: true, unavailableAllowed: false,
    start: (images: Images, app: ContainerApp) => rock(images, app, ['--user', '1000650000']),
  },
  {
    summary: 'Dockerfile.example\'s image with a read-only root and a noexec tmpfs /tmp', uid: '10001', tmpExec: false, unavailableAllowed: true,
    start: (images: Images, app: ContainerApp) => [[...readOnly, ...noexecTmp, ...app.mounts('config and secrets')], images['dockerfile-example'], ['--relation', `postgresql=${app.uri}`, ...app.portArgs]] as const,
  },
] as const;

describe('hardened containers', { skip: podmanSkip || postgresSkip }, () => {
  for (const k of cases) {
    test(`${k.summary}: migrates, serves, reaps orphans (or says it cannot) and stops with exit code 0`, async () => {
      const images = containerImages();
      await withContainer('flask', 'hardened', (app) => k.start(images, app), async (app, c) => {
        // The container is what the case says it is: its uid, an app folder it cannot write, whether /tmp runs programs.
        const probe = await c.exec(['sh', '-c', 'id -u; touch /flask/app/x 2>/dev/null && echo app-writable; cp /bin/true /tmp/t && /tmp/t 2>/dev/null && echo tmp-exec; rm -f /tmp/t']);
        assert.equal(probe.stdout, `${k.uid}\n${k.tmpExec ? 'tmp-exec\n' : ''}`);
        await assertServing(app, c, 'hardened');
        if (await assertReaping(app, c, k.unavailableAllowed) === 'reported unavailable') {
          assert.match(await c.logs(), /event=reaper\.unavailable reason="[^"]*fix: /, 'paas-init said so at start, with the fix');
        }
        await assertStopsCleanly(c);
      });
    });
  }
});

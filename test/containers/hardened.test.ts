// The Flask rock, unchanged, in hardened containers: a read-only root with a tmpfs /tmp (exec, then
// noexec as Docker's --tmpfs makes it), and run as an arbitrary uid (as OpenShift does). paas-init
// must find a writable state dir, migrate under a lock it can take, serve, reap (or say it cannot)
// and stop cleanly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertReaping, assertServing, assertStopsCleanly, paasInitEntrypoint, postgresSkip, withContainer } from '../helpers/container-app.js';
import { containerImages, podmanSkip } from '../helpers/podman.js';

// Until rockcore's work (issue 15) and runtime's reaping (issue 14) are on main, these cannot pass.
const todo = 'needs the rock support of issue 15 (Pebble layers, app dir discovery, state dir selection, lock fallback) and, with a noexec /tmp, issue 14\'s reaping or its "reaping": "unavailable: …" in /status; not on main yet';

const readOnly = ['--read-only', '--read-only-tmpfs=false'];

const cases = [
  { summary: 'a read-only root with an exec tmpfs /tmp', options: [...readOnly, '--tmpfs', '/tmp:rw,exec,nosuid,nodev'], tmp: 'exec', unavailableAllowed: false },
  { summary: 'a read-only root with a noexec tmpfs /tmp', options: [...readOnly, '--tmpfs', '/tmp:rw,noexec,nosuid,nodev'], tmp: 'noexec', unavailableAllowed: true },
  { summary: 'an arbitrary uid', options: ['--user', '1000650000'], tmp: 'exec', unavailableAllowed: false },
] as const;

describe('the Flask rock in hardened containers, with paas-init as its entrypoint', { skip: podmanSkip || postgresSkip }, () => {
  for (const k of cases) {
    test(`with ${k.summary}, the rock migrates, serves, reaps orphans (or says it cannot) and stops with exit code 0`, { todo }, async () => {
      const image = containerImages()['flask-rock'];
      await withContainer('flask', 'hardened', (app) => [[...paasInitEntrypoint, ...k.options, ...app.mounts('all')], image, app.portArgs], async (app, c) => {
        // The container is what the case says it is.
        const probe = await c.exec(['sh', '-c', 'id -u; touch /flask/x 2>/dev/null && echo root-writable; cp /bin/true /tmp/t && /tmp/t 2>/dev/null && echo tmp-exec; rm -f /tmp/t']);
        assert.equal(probe.stdout, `${k.options.includes('--user') ? '1000650000' : '584792'}\n${k.tmp === 'exec' ? 'tmp-exec\n' : ''}`, 'the uid, an unwritable app folder, whether /tmp runs programs');
        await assertServing(app, c, 'hardened');
        const reaping = await assertReaping(app, c, k.unavailableAllowed);
        if (reaping === 'reported unavailable') assert.match(await c.logs(), /reaping.*unavailable/i, 'paas-init said so at start');
        await assertStopsCleanly(c);
      });
    });
  }
});

// Dockerfile.example, unchanged, built by podman from the local Debian base and run as the README's
// Docker section says: config and secrets mounted, the database given with --relation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertReaping, assertServing, assertStopsCleanly, postgresSkip, withContainer } from '../helpers/container-app.js';
import { containerImages, podmanSkip } from '../helpers/podman.js';

describe('Dockerfile.example in a real container (podman, runc)', { skip: podmanSkip || postgresSkip }, () => {
  test('the image serves with its mounted config and secret and a --relation on the host network, reaps orphans and stops with exit code 0', async () => {
    const image = containerImages()['dockerfile-example'];
    await withContainer('flask', 'from-the-dockerfile-image', (app) => [
      ['--stop-timeout', '30', ...app.mounts('config and secrets')], image, ['--relation', `postgresql=${app.uri}`, ...app.portArgs],
    ], async (app, c) => {
      await assertServing(app, c, 'from-the-dockerfile-image');
      assert.match(await c.logs(), /event=supervisor\.started pid=1 mode=project project=\/flask\/app\/charmcraft\.yaml/);
      assert.equal(await assertReaping(app, c, false), 'reaped');
      await assertStopsCleanly(c);
      assert.match(await c.logs(), /Handling signal: term/, 'gunicorn was stopped by SIGTERM, gracefully');
    });
  });
});

// A ConfigMap update as the kubelet makes it (a `..data` symlink swap, test/helpers/kubelet-volume.ts)
// in a config folder bind-mounted into a running container: paas-init sees it through the mount and
// restarts the app exactly once, with the new value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertServing, assertStopsCleanly, inputRereads, pageShowing, postgresSkip, withContainer } from '../helpers/container-app.js';
import { containerImages, podmanSkip } from '../helpers/podman.js';

describe('a config folder bind-mounted into a running container', { skip: podmanSkip || postgresSkip }, () => {
  test('a ..data swap in the mounted folder restarts the app exactly once, with the new value, without migrating again', async () => {
    const image = containerImages()['dockerfile-example'];
    await withContainer('flask', 'before-the-swap', (app) => [app.mounts('config and secrets'), image, ['--relation', `postgresql=${app.uri}`, ...app.portArgs]], async (app, c) => {
      await assertServing(app, c, 'before-the-swap');
      app.writeConfig('after-the-swap');
      await pageShowing(app, c, 'after-the-swap');
      const swappedAt = Date.now();
      app.writeConfig('after-the-swap'); // the same content in a new swap: nothing to do
      // Two reads of the inputs since (the swap's, then a periodic re-scan's): either would have logged a change.
      await inputRereads(app, c, swappedAt, 2);
      const logs = await c.logs();
      assert.equal((logs.match(/event=app\.started/g) ?? []).length, 2, `exactly one restart\n${logs}`);
      assert.equal((logs.match(/event=inputs\.changed restart=true/g) ?? []).length, 1, 'one change that restarts');
      assert.equal((logs.match(/event=migration\.started/g) ?? []).length, 1, 'a config change does not migrate');
      await assertStopsCleanly(c);
    });
  });
});

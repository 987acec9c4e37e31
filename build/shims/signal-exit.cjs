// Stands in for signal-exit v3 inside the bundle (build/build.mjs), for proper-lockfile's one use:
// removing the lock directories it holds when the process exits.
//
// signal-exit also listens for a dozen signals and, when it is their only listener, re-sends the
// signal to the process to die of it. paas-init handles its signals itself, and as PID 1 a
// re-sent signal with no handler is dropped: a `kill -ALRM 1` would have run the exit hook (the
// migration's lock directory removed while migrate.sh still runs) and left paas-init running
// without it. Loading it (assert, a listener per signal) also cost ~2 ms before every migration.
// Here the hook runs on the process's 'exit' event only: a normal exit, process.exit(), or an
// uncaught exception. A SIGKILLed holder leaves the directory, which goes stale (file-lock.ts).
'use strict';

module.exports = function onExit(callback) {
  if (typeof callback !== 'function') throw new TypeError('signal-exit shim: a callback must be provided');
  const listener = (code) => callback(code, null);
  process.once('exit', listener);
  return () => process.removeListener('exit', listener);
};

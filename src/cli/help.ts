/** Help texts, one per verb; the first line of each is its summary. */
const common = `Inputs (flags beat environment variables beat defaults):
  --root DIR          mounts root (env PAAS_INIT_ROOT, default /etc/paas-init)
  --project FILE      charmcraft.yaml (env PAAS_INIT_PROJECT; else <root>/charmcraft.yaml,
                      <app-dir>/charmcraft.yaml, <app-dir>/charm/charmcraft.yaml)
  --paas-config FILE  paas-config.yaml (env PAAS_INIT_PAAS_CONFIG; default: beside the project file)
  --paas-charm-line 1|2   whose environment the app gets (env PAAS_INIT_PAAS_CHARM_LINE; default:
                      the project's base: ubuntu@22.04/24.04 or none 1.x, ubuntu@26.04 2.x)
  --config-dir DIR    one file per option, and/or config.yaml (default <root>/config)
  --secrets-dir DIR   one folder per secret option, one file per key (default <root>/secrets)
  --bindings-dir DIR  Service Binding folders (env SERVICE_BINDING_ROOT, default <root>/bindings)
  --app-dir DIR       the app folder: migrations run here (default: the working directory; in /,
                      the rock's: its app service's working-dir, /flask/app, /django/app, /app)
  --state-dir DIR     generated secret key, migration lock (env PAAS_INIT_STATE_DIR; else the
                      first usable of /var/lib/paas-init, /app-data/paas-init, $TMPDIR/paas-init,
                      /tmp/paas-init)
  --pebble-layers DIR a rock's Pebble layers (default $PEBBLE/layers, /var/lib/pebble/default/layers):
                      the framework's service is the app, its other enabled services run beside it
  --set OPTION=VALUE  set a config option (highest precedence; repeatable)
  --relation ENDPOINT=URI   bind an endpoint from a URI (repeatable)
  --base-url URL      the app's public URL (env PAAS_INIT_BASE_URL; default
                      http://<app>.<namespace>:<port> on Kubernetes, else http://localhost:<port>)
  --model NAME        stands for the Juju model in the base URL (env PAAS_INIT_MODEL)
  --port N            the app's port, instead of the framework's (env PAAS_INIT_PORT)
  --process NAME=CMD  an extra process; NAME ending in -worker runs on every replica, in
                      -scheduler on unit 0 only (repeatable; also read from <app-dir>/Procfile)
  --unit-id N         this replica's number (env PAAS_INIT_UNIT_ID; default: the ordinal of a
                      StatefulSet pod name, <name>-N)
  --log-format text|json`;

const texts: Record<string, string> = {
  main: `paas-init: entrypoint supervisor for 12-factor web apps (paas-charm's mapping, without Juju)

Usage: paas-init <verb> [flags] [-- command args...]

Verbs:
  run       run the app as PID 1: map inputs to env, migrate, supervise, reload on change
  env       print the environment the app would get
  check     report where every variable comes from and what is missing
  migrate   run the migration once, under the lock (init container, Job)
  exec      run a one-off command with the app's environment (like heroku run)
  action    run one of paas-charm's actions: create-superuser, rotate-secret-key
  sidecar   keep the app's environment in a file for another container (Kubernetes sidecar)
  status    print a running paas-init's status (from its status server)
  install   copy this binary (and the library it reaps with) into a folder

Flags: --help (also after a verb), --version
Exit codes: the app's code (or 128+N when killed by signal N) for run; 1 invalid input or usage;
2 blocked (env, check).`,
  env: `paas-init env: print the environment the app would get

Usage: paas-init env [--format dotenv|json|shell] [input flags]

Prints only the mapped variables (not the inherited environment), with real values.
Exit 0 ready; 2 blocked (the env is still printed, the reason goes to stderr); 1 invalid input.

${common}`,
  run: `paas-init run: run the app as PID 1: map inputs to env, migrate, supervise, reload on change

Usage: paas-init run [flags] [-- CMD ARGS...]

With a project file: the app gets paas-charm's environment; the command defaults to the
framework's (gunicorn for Flask and Django); the migration script runs first, under a lock;
while a required relation is missing the app does not start ("blocked"); inputs are watched
and the app restarts when its environment changes; invalid input is logged and ignored.
Without a project file and with a command: a plain init, as tini.

  --grace DURATION       the stop signal, then SIGKILL after this (default 25s; under Kubernetes' 30 s;
                         a rock service's kill-delay is its own; given, it wins over the app's)
  --on-exit restart|exit when the app exits on its own: restart it with backoff (0.5 s doubling
                         to 30 s, +10 % jitter; default with a project file) or exit with its
                         code (default without one, and for docker run --restart); given, it
                         wins over the app service's on-success / on-failure in the rock's layer
  --signal-group         forward signals to the app's whole process group, not the app alone
  --max-attempts N       migration attempts before giving up (default: unlimited)
  --migrate-timeout DURATION   per migration attempt (default 10m)
  --require-lock         refuse to migrate when neither the file lock nor a database lock can be
                         taken (default: migrate under whichever is possible, with a warning)
  --log-level debug|info|warn|error   (default info)
  --status-addr ADDR     /healthz, /readyz, /status, /metrics ([HOST]:PORT or off; default :9191
                         with a project file, off in plain init mode)
  --ready-url URL        /readyz is 200 only while the app answers this URL too
  --check-http URL, --check-tcp HOST:PORT, --check-exec CMD   health checks (repeatable), as
                         Pebble's: the app is restarted after --check-threshold (3) failures in a
                         row, checked every --check-period (10s), each within --check-timeout (3s)
  --wait-for-relations   before migrating and starting, wait until every bound database,
                         cache and broker accepts TCP connections (logged, with backoff)

Signals: TERM and INT stop the app gracefully, then paas-init: the app gets the signal that
arrived (a second one too), its process group SIGKILL after the grace; HUP, QUIT, USR1, USR2 and
WINCH are passed to the app. Orphans are reaped; processes the app leaves behind get SIGTERM
at stop and are waited for within the grace. Exit code: the app's, or 128+N for signal N.

{{inputs}}`,
  migrate: `paas-init migrate: run the migration once, under the lock (init container, Job)

Usage: paas-init migrate [flags]

Runs the app's migration as paas-charm does (the last found of migrate, migrate.sh,
migrate.py, manage.py in the app folder), with the app's environment and folder, retried
with backoff (1 s doubling to 60 s). Two migrations never overlap: a file lock in the state
dir, plus a PostgreSQL advisory lock (or MySQL GET_LOCK) when the app has that relation.

  --max-attempts N            attempts before giving up (default 5)
  --migrate-timeout DURATION  per attempt; then the script's process group is killed (default 10m)
  --require-lock              refuse to migrate with no lock at all (no file lock, no database)
  --grace DURATION            SIGTERM, then SIGKILL after this, when stopped or timed out (default 25s)

Exit: 0 success or nothing to migrate; 1 attempts spent or invalid input; 2 blocked;
128+N when stopped by signal N.

{{inputs}}`,
  exec: `paas-init exec: run a one-off command with the app's environment (like heroku run)

Usage: paas-init exec [input flags] -- CMD ARGS...

Runs CMD in the app folder with the environment the app gets, the terminal passed through.
Exit: the command's code (128+N for signal N); 1 invalid input. A blocked app only warns.

{{inputs}}`,
  action: `paas-init action: run one of paas-charm's actions

Usage: paas-init action create-superuser --username U --email E [input flags]
       paas-init action rotate-secret-key [input flags]

create-superuser (Django): runs manage.py createsuperuser --noinput with the app's
  environment; prints the generated password once, to stdout. Fails (exit 1) with Django's
  message when the user exists or the database is unreachable; exit 2 when blocked.
rotate-secret-key: writes a new generated secret key to the state dir; a running
  paas-init run restarts the app with it. Not for keys set by app-secret-key(-id).

{{inputs}}`,
  sidecar: `paas-init sidecar: keep the app's environment in a file for another container

Usage: paas-init sidecar --env-output PATH [--format dotenv|json|shell] [--env-mode 0600] [--env-group GID]
                         [--signal-process NAME --signal SIGNAL] [--status-addr ADDR] [input flags]

Watches the inputs like run and writes the mapped variables to PATH whenever they change,
atomically (a temporary file in the same folder, then rename), only while the app is not
blocked. The file is mode 0600 (--env-mode, e.g. 0640) and keeps its folder's group, or
--env-group's, so that the app container's user (its group, or the pod's fsGroup) can read it.
Names that are not shell variable names (a Secret key "tls.crt", Spring Boot's dotted names)
cannot be sourced by sh and are left out of dotenv and shell files, with a warning; use
--format json for them. With --signal-process, every process whose command name is NAME (pods with
shareProcessNamespace: true) gets SIGNAL (default SIGHUP) after each update. Serves
/healthz, /readyz (200 once a file is written for a ready plan), /status and /metrics.
(--env-file PATH is accepted too, but Node grabs that flag itself and aborts while PATH does
not exist yet, nodejs/node#54232: use --env-output.)

{{inputs}}`,
  status: `paas-init status: print a running paas-init's status

Usage: paas-init status [--json] [--status-addr ADDR]

Asks the status server (default 127.0.0.1:9191) for /status. Exit 0 when ready, 3 when not
ready, 1 when no server answers.`,
  install: `paas-init install: copy this binary (and the library it reaps with) into a folder

Usage: paas-init install DIR

Writes DIR/paas-init (mode 0755) and DIR/paas-init-koffi.node, each atomically (a temporary
file in DIR, then rename). With the library beside it on the image's own file system, the
binary reaps orphans even from a read-only root with a noexec /tmp. Uses:
  RUN paas-init install /usr/local/bin         (a Dockerfile, after COPY of the binary)
  paas-init install /paas-init                 (an init container filling an emptyDir)
Exit 1 when DIR is not a folder or not writable.`,
  check: `paas-init check: report where every variable comes from and what is missing

Usage: paas-init check [--json] [input flags]

Shows the framework, each variable with its source (default, config file, --set, secret,
binding), secret values as <redacted>, each relation's state, every problem found, what the
app's and each process's end leads to (restart and its backoff, shutdown, ignore; their grace)
and which of that a rock's layer set, and whether paas-init can reap orphans here ("ok (via …)",
or "unavailable: " with why and the fix).
Exit codes as for env.

${common}`,
};

/** The help text of a verb (or of paas-init itself). */
export function helpText(verb: string): string {
  return (texts[verb] ?? texts.main!).replace('{{inputs}}', common) + '\n';
}

/** Registers a verb's help text (verbs added by later modules). */
export function registerHelp(verb: string, text: string): void {
  texts[verb] = text.replace('{{inputs}}', common);
}

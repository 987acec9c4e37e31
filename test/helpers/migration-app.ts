// A small app folder whose migrate.sh records when each replica's migration starts and ends.
import { mkdirSync, readFileSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** migrate.sh: logs "start R t" / "end R t" (ns); SLOW_MIGRATION=1 makes it hang; FAIL_UNTIL=n fails the first n-1 runs. */
export const migrateScript = `#!/bin/bash
echo "start $REPLICA $(date +%s%N)" >> "$MIGRATION_LOG"
if [ -n "$FAIL_UNTIL" ]; then
  n=$(( $(cat "$MIGRATION_LOG.count" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$MIGRATION_LOG.count"
  if [ "$n" -lt "$FAIL_UNTIL" ]; then echo "failing on purpose ($n)" >&2; exit 3; fi
fi
if [ -n "$SLOW_MIGRATION" ]; then sleep 31.5; fi
if [ -n "$PSQL_CHECK" ]; then sleep "$PSQL_CHECK"; psql "$POSTGRESQL_DB_CONNECT_STRING" -v ON_ERROR_STOP=1 -qc 'select 1' >/dev/null; fi
sleep 0.15
echo "end $REPLICA $(date +%s%N)" >> "$MIGRATION_LOG"
`;

/** Writes an app folder with charmcraft.yaml, migrate.sh and a Flask app file (the app folder is checked). */
export function writeMigrationApp(dir: string, requires = ''): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'charmcraft.yaml'), `name: migrating-app\nextensions: [flask-framework]\n${requires === '' ? '' : `requires:\n  postgresql: {interface: postgresql_client}\n`}`);
  writeFileSync(join(dir, 'migrate.sh'), migrateScript);
  chmodSync(join(dir, 'migrate.sh'), 0o755);
  writeFileSync(join(dir, 'app.py'), '');
}

/** One event of the migration log. */
export interface MigrationEvent {
  readonly kind: string;
  readonly replica: string;
  readonly t: bigint;
}

/** Reads the log, sorted by time. */
export function readMigrationLog(file: string): MigrationEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const [kind, replica, t] = l.split(' ');
    return { kind: kind!, replica: replica!, t: BigInt(t!) };
  }).sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
}

/** Throws unless every "start" is followed by the same replica's "end" before any other start. */
export function assertNoOverlap(events: readonly MigrationEvent[]): void {
  const runs = events.filter((e) => e.kind === 'start' || e.kind === 'end');
  for (let i = 0; i < runs.length; i += 2) {
    const s = runs[i]!;
    const e = runs[i + 1];
    if (s.kind !== 'start' || e === undefined || e.kind !== 'end' || e.replica !== s.replica) {
      throw new Error(`migrations overlapped or did not finish: ${runs.map((r) => `${r.kind}:${r.replica}`).join(' ')}`);
    }
  }
}

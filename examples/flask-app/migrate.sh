#!/bin/bash
# Run by paas-init before the app starts (as paas-charm runs it), with the app's environment and
# this folder as working directory; it must be safe to run again.
python3 - <<'PY'
import os
import psycopg2

conn = psycopg2.connect(os.environ["POSTGRESQL_DB_CONNECT_STRING"])
with conn, conn.cursor() as cur:
    cur.execute("CREATE TABLE IF NOT EXISTS migration_notes (id serial PRIMARY KEY, note text NOT NULL)")
    cur.execute("INSERT INTO migration_notes (note) SELECT 'written by migrate.sh' WHERE NOT EXISTS (SELECT 1 FROM migration_notes)")
    cur.execute("CREATE TABLE IF NOT EXISTS visits (id int PRIMARY KEY, n bigint NOT NULL)")
    cur.execute("INSERT INTO visits VALUES (1, 0) ON CONFLICT DO NOTHING")
conn.close()
print("migrate.sh: tables ready")
PY

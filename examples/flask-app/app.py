"""A small Flask app run by paas-init, as paas-charm's flask-framework would run it."""
import hashlib
import html
import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)
# The one line a paas-charm Flask app has: FLASK_TOKEN -> app.config["TOKEN"], with JSON values
# decoded (FLASK_PAGE_SIZE=50 -> 50, FLASK_GREETING_ENABLED=true -> True).
app.config.from_prefixed_env()


def connect():
    return psycopg2.connect(os.environ["POSTGRESQL_DB_CONNECT_STRING"])


def state():
    with connect() as conn, conn.cursor() as cur:
        cur.execute("UPDATE visits SET n = n + 1 WHERE id = 1 RETURNING n")
        visits = cur.fetchone()[0]
        cur.execute("SELECT note FROM migration_notes ORDER BY id LIMIT 1")
        note = cur.fetchone()[0]
    secret_key = app.config.get("SECRET_KEY") or ""
    return {
        "token": app.config.get("TOKEN"),
        "greeting_enabled": app.config.get("GREETING_ENABLED"),
        "page_size": app.config.get("PAGE_SIZE"),
        "api_token_keys": sorted(k for k in app.config if k.startswith("API_TOKEN_")),
        "migration_note": note,
        "visits": visits,
        # a fingerprint, so that a page can show the key stayed the same without showing it
        "secret_key_sha256": hashlib.sha256(secret_key.encode()).hexdigest()[:12],
    }


@app.route("/status.json")
def status_json():
    return jsonify(state())


@app.route("/")
def index():
    s = state()
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in s.items())
    greeting = "<h1>Hello from Flask under paas-init</h1>" if s["greeting_enabled"] else ""
    return f"<!doctype html><title>flask-app</title>{greeting}<table>{rows}</table>"

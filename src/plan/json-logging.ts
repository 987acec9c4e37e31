// paas-config.yaml `framework_logging_format: json` for FastAPI: paas-charm (fastapi/app.py)
// writes a uvicorn logging config and its formatter module into a folder of the container and
// points PYTHONPATH and UVICORN_LOG_CONFIG at them. The plan says what to write; `run` writes it
// into the state dir (env and check write nothing). The two files are paas-init's own.
import type { DraftVar } from './framework-env.js';
import type { PlanFile } from './plan.js';


const moduleName = 'paas_init_uvicorn_log';
const configName = 'uvicorn-log-config.json';

const formatter = `"""JSON log lines for uvicorn, written by paas-init (standard library only)."""
import json
import logging
import time


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, severity, logger, message; access fields; trace ids."""

    def format(self, record):
        entry = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + ".%03dZ" % record.msecs,
            "severity": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, version, status = record.args
            entry.update({"client.address": client, "http.request.method": method, "url.path": path,
                          "network.protocol.version": version, "http.response.status_code": status})
        try:
            from opentelemetry import trace
            span = trace.get_current_span().get_span_context()
            if span.is_valid:
                entry["trace_id"] = format(span.trace_id, "032x")
                entry["span_id"] = format(span.span_id, "016x")
        except ImportError:
            pass
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
`;

function config(): string {
  const handler = (stream: string) => ({ class: 'logging.StreamHandler', stream: `ext://sys.${stream}`, formatter: 'json' });
  const logger = (h: string) => ({ handlers: [h], level: 'INFO', propagate: false });
  return JSON.stringify({
    version: 1,
    disable_existing_loggers: false,
    formatters: { json: { '()': `${moduleName}.JsonFormatter` } },
    handlers: { default: handler('stderr'), access: handler('stdout') },
    loggers: { uvicorn: logger('default'), 'uvicorn.error': logger('default'), 'uvicorn.access': logger('access') },
  }, null, 2) + '\n';
}

/** The files and variables of FastAPI's JSON logging, in `<stateDir>/fastapi/log_config`. */
export function uvicornJsonLogging(stateDir: string): { files: PlanFile[]; vars: DraftVar[] } {
  const dir = `${stateDir.replace(/\/$/, '')}/fastapi/log_config`;
  return {
    files: [{ path: `${dir}/${moduleName}.py`, content: formatter }, { path: `${dir}/${configName}`, content: config() }],
    vars: [
      { name: 'PYTHONPATH', value: dir, source: { kind: 'framework' } },
      { name: 'UVICORN_LOG_CONFIG', value: `${dir}/${configName}`, source: { kind: 'framework' } },
    ],
  };
}

// paas-config.yaml's `prometheus` section as paas_config.py's models check it (PrometheusConfig,
// ScrapeConfig, StaticConfig: unknown keys refused, unique job names, `@scheduler:PORT` targets).
// paas-init does not scrape; it checks the section so a file paas-charm refuses is refused here too.
import { describeFound, type Problem } from '../errors.js';

/** Reports what is wrong in the `prometheus` value. */
export function checkPrometheus(v: unknown, file: string, problems: Problem[]): void {
  const at = (key: string, expected: string, found: string): void => {
    problems.push({ file, key, expected, found });
  };
  if (!isMap(v)) return at('prometheus', 'a map with scrape_configs', describeFound(v));
  unknownKeys(v, 'prometheus', ['scrape_configs'], at);
  const jobs = v.scrape_configs;
  if (jobs === undefined || jobs === null) return;
  if (!Array.isArray(jobs)) return at('prometheus.scrape_configs', 'a list of scrape jobs', describeFound(jobs));
  const names = new Set<string>();
  jobs.forEach((job: unknown, i) => {
    const key = `prometheus.scrape_configs[${i}]`;
    if (!isMap(job)) return at(key, 'a map with job_name and static_configs', describeFound(job));
    unknownKeys(job, key, ['job_name', 'metrics_path', 'static_configs'], at);
    if (typeof job.job_name !== 'string') at(`${key}.job_name`, 'a job name', describeFound(job.job_name));
    else if (names.has(job.job_name)) at(`${key}.job_name`, 'a job name used once', `${JSON.stringify(job.job_name)} again`);
    else names.add(job.job_name);
    if (job.metrics_path !== undefined && typeof job.metrics_path !== 'string') at(`${key}.metrics_path`, 'a path', describeFound(job.metrics_path));
    if (!Array.isArray(job.static_configs)) return at(`${key}.static_configs`, 'a list of {targets, labels}', describeFound(job.static_configs));
    job.static_configs.forEach((sc: unknown, j) => checkStaticConfig(sc, `${key}.static_configs[${j}]`, at));
  });
}

function checkStaticConfig(sc: unknown, key: string, at: (key: string, expected: string, found: string) => void): void {
  if (!isMap(sc)) return at(key, 'a map with targets', describeFound(sc));
  unknownKeys(sc, key, ['targets', 'labels'], at);
  if (!Array.isArray(sc.targets)) return at(`${key}.targets`, 'a list of host:port targets', describeFound(sc.targets));
  sc.targets.forEach((t: unknown, k) => {
    if (typeof t !== 'string') at(`${key}.targets[${k}]`, 'a host:port target', describeFound(t));
    else if (t.startsWith('@scheduler') && !/^@scheduler:[0-9]+$/.test(t)) at(`${key}.targets[${k}]`, '@scheduler:PORT with a numeric port', describeFound(t));
  });
  if (sc.labels !== undefined && sc.labels !== null && (!isMap(sc.labels) || Object.values(sc.labels).some((l) => typeof l !== 'string'))) {
    at(`${key}.labels`, 'a map of label name to string', describeFound(sc.labels));
  }
}

function unknownKeys(m: Record<string, unknown>, key: string, allowed: readonly string[], at: (key: string, expected: string, found: string) => void): void {
  for (const k of Object.keys(m)) if (!allowed.includes(k)) at(`${key}.${k}`, `one of ${allowed.join(', ')}`, 'an unknown key');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// A Flask rock's Pebble layer as rockcraft writes it (rockcraft/extensions/gunicorn.py): the
// flask service after statsd-exporter, both as _daemon_, plus a worker declared in rockcraft.yaml.

/** What a test changes in the layer: commands of stand-ins, the user, services of its own. */
export interface FlaskRockOptions {
  readonly flaskCommand?: string;
  readonly statsdCommand?: string;
  readonly workerCommand?: string;
  readonly user?: string;
  /** lines added to the flask service (indented by 4) */
  readonly flaskExtra?: string;
  /** more services (indented by 2) */
  readonly moreServices?: string;
}

/** The layer file's name in a rock named x. */
export const flaskRockLayerName = '001-rockcraft-x.yaml';

/** The layer's text. */
export function flaskRockLayer(o: FlaskRockOptions = {}): string {
  const user = o.user ?? '_daemon_';
  return `summary: x rock
description: a Flask app
services:
  flask:
    override: replace
    startup: enabled
    command: ${o.flaskCommand ?? "/bin/python3 -m gunicorn -c /flask/gunicorn.conf.py 'app:app' -k [ sync ]"}
    after: [statsd-exporter]
    user: ${user}
${o.flaskExtra ?? ''}  statsd-exporter:
    override: merge
    command: ${o.statsdCommand ?? '/bin/statsd_exporter --statsd.mapping-config=/statsd-mapping.conf --statsd.listen-udp=localhost:9125 --statsd.listen-tcp=localhost:9125'}
    summary: statsd exporter service
    startup: enabled
    user: ${user}
  x-worker:
    override: replace
    command: ${o.workerCommand ?? 'python3 -m worker'}
    startup: enabled
    user: ${user}
${o.moreServices ?? ''}`;
}

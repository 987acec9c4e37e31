// examples/kubernetes/: every object is valid against the Kubernetes schemas (kubernetes-models),
// and the manifests agree with the binary: probes on its status port and paths, grace under the
// termination grace period, mounts where paas-init reads, flags the binary accepts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { runBinary } from '../helpers/binary.js';

const require = createRequire(import.meta.url);
const dir = 'examples/kubernetes';
interface Obj { apiVersion: string; kind: string; metadata: { name: string }; spec?: Record<string, unknown> }
const docs: { file: string; obj: Obj }[] = readdirSync(dir).filter((f) => f.endsWith('.yaml')).flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as unknown).filter((o) => o !== null).map((obj) => ({ file, obj: obj as Obj })));

const dockerEntrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(readFileSync('Dockerfile.example', 'utf8'))![1]!) as string[];
interface Container { name: string; image: string; command?: string[]; args?: string[]; env?: { name: string; value?: string }[]; volumeMounts?: { name: string; mountPath: string }[]; ports?: { name?: string; containerPort: number }[]; livenessProbe?: { httpGet: { path: string; port: string | number } }; readinessProbe?: { httpGet: { path: string; port: string | number } }; startupProbe?: { httpGet: { path: string; port: string | number } } }
interface PodSpec { containers: Container[]; initContainers?: Container[]; terminationGracePeriodSeconds?: number }

test('every object in examples/kubernetes validates against the Kubernetes schema', () => {
  assert.ok(docs.length >= 8);
  for (const { file, obj } of docs) {
    const group = obj.apiVersion.includes('/') ? obj.apiVersion : `v1`;
    const mod = require(`kubernetes-models/${group === 'v1' ? 'v1' : group}/${obj.kind}`) as Record<string, new (o: unknown) => { validate(): void }>;
    const Model = mod[obj.kind]!;
    assert.doesNotThrow(() => new Model(obj).validate(), `${file}: ${obj.kind} ${obj.metadata.name}`);
  }
});

test('the manifests agree with the binary: probes, grace, mounts, flags', () => {
  const pods = docs.filter((d) => d.obj.kind === 'Deployment' || d.obj.kind === 'Job').map((d) => ({ ...d, pod: ((d.obj.spec as { template: { spec: PodSpec } }).template.spec) }));
  for (const { file, obj, pod } of pods) {
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      // The app image is Dockerfile.example's (ENTRYPOINT paas-init run); paas-init's own image runs the bare binary.
      const entrypoint = c.image.includes('/paas-init:') ? ['/usr/local/bin/paas-init'] : dockerEntrypoint;
      const argv = [...(c.command ?? entrypoint), ...(c.args ?? [])];
      const paasInit = argv[0]?.endsWith('paas-init') === true;
      if (!paasInit) continue;
      // Every flag is one the binary accepts: `--help` after the same arguments must not be a usage error.
      const verb = argv[1]!;
      const r = runBinary([verb, ...argv.slice(2), '--help']);
      assert.equal(r.code, 0, `${file} ${c.name}: ${argv.join(' ')}: ${r.stderr}`);
      const env = new Map((c.env ?? []).map((e) => [e.name, e.value]));
      const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath);
      if (env.has('PAAS_INIT_PROJECT')) assert.ok(mounts.some((m) => env.get('PAAS_INIT_PROJECT')!.startsWith(`${m}/`)), `${file} ${c.name}: the project file is mounted`);
      const bindings = env.get('SERVICE_BINDING_ROOT');
      if (bindings !== undefined) assert.ok(mounts.some((m) => m.startsWith(`${bindings}/`)), `${file} ${c.name}: bindings under SERVICE_BINDING_ROOT`);
      if (verb === 'run' || verb === 'sidecar') {
        const addr = argv[argv.indexOf('--status-addr') + 1] ?? ':9191';
        const port = Number(addr.split(':').at(-1));
        const statusPort = c.ports?.find((p) => p.containerPort === port);
        assert.ok(statusPort !== undefined, `${file} ${c.name}: the status port is declared`);
        for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
          if (probe === undefined) continue;
          assert.ok(['/healthz', '/readyz'].includes(probe.httpGet.path));
          assert.ok(probe.httpGet.port === statusPort.name || probe.httpGet.port === port);
        }
      }
      if (verb === 'run') {
        const grace = argv.includes('--grace') ? Number(argv[argv.indexOf('--grace') + 1]!.replace('s', '')) : 25;
        assert.ok((pod.terminationGracePeriodSeconds ?? 30) > grace, `${file}: terminationGracePeriodSeconds outlasts --grace`);
        assert.ok(mounts.includes('/etc/paas-init/config') && mounts.includes('/var/lib/paas-init'));
      }
      if (verb === 'sidecar') {
        const out = argv[argv.indexOf('--env-output') + 1]!;
        const app = pod.containers.find((x) => x.name === 'app')!;
        const shared = (app.volumeMounts ?? []).find((m) => out.startsWith(`${m.mountPath}/`));
        assert.ok(shared !== undefined && mounts.includes(shared.mountPath), `${file}: the env file is on a volume both containers mount`);
        assert.ok((app.command ?? []).join(' ').includes(out), `${file}: the app reads the env file`);
      }
    }
  }
});

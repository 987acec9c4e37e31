// --wait-for-relations (beyond paas-charm): before a plan with new relation data reaches the
// supervisor (and so before migration and start), every bound database, cache and broker must
// accept a TCP connection. Waits are logged and retried with a bounded backoff; a newer plan
// replaces the one being checked.
import { tcpConnect } from './checks.js';
import type { Logger } from '../log/logger.js';
import { serverAddressVars } from '../mapping/env-names.js';
import { revealValue } from '../log/secret.js';
import type { Plan } from '../plan/plan.js';


/** host:port pairs a plan depends on. */
export function relationTargets(plan: Plan): { name: string; host: string; port: number }[] {
  const env = new Map(plan.env.map((v) => [v.name, revealValue(v.value)]));
  const out: { name: string; host: string; port: number }[] = [];
  for (const s of serverAddressVars) {
    const host = env.get(s.hostVar);
    if (host === undefined || host === '') continue;
    out.push({ name: s.name, host, port: Number(env.get(s.portVar) ?? s.defaultPort) });
  }
  return out;
}

/** Holds plans back until their servers answer. */
export class RelationReadiness {
  #generation = 0;
  #readyKey: Plan['relationKey'] | undefined;
  constructor(private readonly logger: Logger, private readonly maxDelayMs = 5000) {}

  /** Calls `pass` with the plan once its servers accept connections (at once when its relation data was already checked). */
  gate(plan: Plan, pass: (p: Plan) => void): void {
    const generation = ++this.#generation;
    if (this.#readyKey !== undefined && this.#readyKey.equals(plan.relationKey)) {
      pass(plan);
      return;
    }
    void this.#wait(plan, generation).then((ok) => {
      if (!ok || generation !== this.#generation) return;
      this.#readyKey = plan.relationKey;
      pass(plan);
    });
  }

  async #wait(plan: Plan, generation: number): Promise<boolean> {
    for (const t of relationTargets(plan)) {
      let delay = 100;
      let announced = false;
      while (!(await tcpConnect(t.host, t.port, 2000)).ok) {
        if (generation !== this.#generation) return false;
        if (!announced) {
          announced = true;
          this.logger.log({ event: 'relation.waiting', relation: t.name, addr: `${t.host}:${t.port}` });
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(this.maxDelayMs, delay * 2);
      }
      if (announced) this.logger.log({ event: 'relation.reachable', relation: t.name, addr: `${t.host}:${t.port}` });
    }
    return generation === this.#generation;
  }
}

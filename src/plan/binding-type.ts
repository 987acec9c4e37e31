// A Service Binding's `type` against the endpoint's interface. The spec wants a `type`, but the
// Secrets Kubernetes operators write have none (CloudNativePG's <cluster>-app, Crunchy PGO's
// <cluster>-pguser-<user>): a folder named after a declared endpoint is that endpoint's binding,
// and a `type` that is there must name the same kind of service.

// Service Binding type names for the same service as an interface's.
const aliases: Readonly<Record<string, readonly string[]>> = {
  postgresql: ['postgres'],
  mysql: ['mariadb'],
  mongodb: ['mongo'],
};

function canonical(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_').replace(/_client$/, '');
}

/** The types a binding for this interface may declare (`postgresql_client` → postgresql, postgres). */
export function bindingTypesFor(iface: string): readonly string[] {
  const base = canonical(iface);
  return [base, ...(aliases[base] ?? [])];
}

/** Whether a binding's `type` names the interface's kind of service. */
export function bindingTypeMatches(type: string, iface: string): boolean {
  return bindingTypesFor(iface).includes(canonical(type)) || canonical(type) === canonical(iface);
}

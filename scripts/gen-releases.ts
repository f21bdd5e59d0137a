/**
 * Converts the reference sheet `ceph-csi-releases.json` into the committed release table
 * `src/manifests/releases/data.json` (Kubernetes shapes, shared pieces stored once).
 *
 *   node scripts/gen-releases.ts [path/to/ceph-csi-releases.json]
 *
 * Default input: ../shared/reference/ceph-csi-releases.json (beside the repository).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Container, EnvVar, Volume } from "../src/manifests/k8s.ts";
import type {
  Driver,
  Rbac,
  ReleaseData,
  Service,
  StoredContainer,
  StoredDriverRelease,
  StoredWorkload,
  WorkloadKey,
} from "../src/manifests/releases/types.ts";

// biome-ignore lint/suspicious/noExplicitAny: untyped reference JSON
type Any = any;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function semverKey(v: string): number[] {
  return v.replace(/^v/, "").split(".").map(Number);
}
export function newestFirst(a: string, b: string): number {
  const x = semverKey(a);
  const y = semverKey(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
}

function env(e: Any): EnvVar {
  return e.fieldRef !== undefined ? { name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldRef } } } : { name: e.name, value: e.value };
}

function container(c: Any): Container {
  const out = { name: c.name, image: c.image } as Container;
  if (c.imagePullPolicy) out.imagePullPolicy = c.imagePullPolicy;
  out.args = [...c.args];
  if (c.env.length > 0) out.env = c.env.map(env);
  if (c.ports.length > 0) out.ports = c.ports.map((p: Any) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol }));
  if (c.securityContext) out.securityContext = c.securityContext;
  if (c.volumeMounts.length > 0) out.volumeMounts = c.volumeMounts.map((m: Any) => ({ ...m }));
  return out;
}

function volume(v: Any): Volume {
  switch (v.type) {
    case "hostPath":
      return { name: v.name, hostPath: v.hostPathType ? { path: v.path, type: v.hostPathType } : { path: v.path } };
    case "configMap":
      return { name: v.name, configMap: { name: v.configMapName } };
    case "emptyDir":
      return { name: v.name, emptyDir: v.medium ? { medium: v.medium } : {} };
    case "projected":
      return { name: v.name, projected: { sources: v.sources } };
    default:
      throw new Error(`unknown volume type ${v.type}`);
  }
}

function rbac(r: Any): Rbac {
  const binding = (b: Any) => ({ name: b.name, subjects: b.subjects.map((s: Any) => ({ ...s })), roleRef: { ...b.roleRef } });
  return {
    serviceAccounts: r.service_accounts.map((s: Any) => s.name),
    clusterRoles: r.cluster_roles.map((c: Any) => ({ name: c.name, rules: c.rules })),
    clusterRoleBindings: r.cluster_role_bindings.map(binding),
    roles: r.roles.map((c: Any) => ({ name: c.name, rules: c.rules })),
    roleBindings: r.role_bindings.map(binding),
  };
}

/** Stores `value` as `<base>#<n>` unless an equal value is already stored under that base. */
class Pool<T> {
  readonly items: Record<string, T> = {};
  add(base: string, value: T): string {
    const json = JSON.stringify(value);
    let n = 1;
    for (; Object.hasOwn(this.items, `${base}#${n}`); n++) {
      if (JSON.stringify(this.items[`${base}#${n}`]) === json) return `${base}#${n}`;
    }
    this.items[`${base}#${n}`] = value;
    return `${base}#${n}`;
  }
}

export function generate(ref: Any, source: string): ReleaseData {
  const containers = new Pool<StoredContainer>();
  const volumes = new Pool<Volume[]>();
  const services = new Pool<Service[]>();
  const rbacs = new Pool<Rbac>();
  const versions = Object.keys(ref.releases).sort((a, b) => -newestFirst(a, b)); // oldest first: ids count up

  const stored = versions.map((version) => {
    const r = ref.releases[version];
    const driver = (d: Driver): StoredDriverRelease => {
      const workload = (key: WorkloadKey): StoredWorkload => {
        const w = r.workloads[key];
        const pod: StoredWorkload["pod"] = { serviceAccountName: w.serviceAccountName, containers: [], volumes: "" };
        if (w.priorityClassName) pod.priorityClassName = w.priorityClassName;
        if (w.hostNetwork) pod.hostNetwork = true;
        if (w.hostPID) pod.hostPID = true;
        if (w.dnsPolicy) pod.dnsPolicy = w.dnsPolicy;
        if (w.affinity) pod.affinity = w.affinity;
        for (const f of ["tolerations", "nodeSelector", "pod_securityContext", "strategy"]) {
          if (w[f] !== null) throw new Error(`${version} ${key}: ${f} is set upstream; the generator does not carry it`);
        }
        for (const c of w.containers) {
          const { image, ...rest } = container(c);
          pod.containers.push([containers.add(`${key}/${c.name}`, rest), image]);
        }
        pod.volumes = volumes.add(key, w.volumes.map(volume));
        const out: StoredWorkload = {
          kind: w.kind,
          name: w.name,
          selector: { matchLabels: w.selector_matchLabels },
          podLabels: w.pod_labels,
          pod,
        };
        if (w.replicas !== null) out.replicas = w.replicas;
        return out;
      };
      const svc: Service[] = r.services
        .filter((s: Any) => s.driver === d)
        .map((s: Any) => ({ name: s.name, labels: s.labels, selector: s.selector, ports: s.ports }));
      const rbacRef = r.rbac[d].same_as ? ref.releases[r.rbac[d].same_as].rbac[d] : r.rbac[d];
      const cd = r.csidrivers[d];
      const spec = Object.fromEntries((cd.spec_key_order ?? Object.keys(cd.spec)).map((k: string) => [k, cd.spec[k]]));
      return {
        driverName: ref.driver_names[d],
        provisioner: workload(`${d}_provisioner`),
        nodeplugin: workload(`${d}_nodeplugin`),
        services: services.add(`${d}-services`, svc),
        csiDriver: spec as StoredDriverRelease["csiDriver"],
        rbac: rbacs.add(`${d}-rbac`, rbac(rbacRef)),
      };
    };
    return { version, rbd: driver("rbd"), cephfs: driver("cephfs") };
  });

  return {
    source,
    releases: stored.reverse(),
    containers: containers.items,
    volumes: volumes.items,
    services: services.items,
    rbac: rbacs.items,
  };
}

/** JSON with one value per line unless it fits in `width` characters (readable diffs, small file). */
export function compactJson(value: unknown, indent = "", width = 100): string {
  const flat = JSON.stringify(value);
  if (flat.length + indent.length <= width || value === null || typeof value !== "object") return flat;
  const inner = `${indent} `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner, width)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, width)}`).join(",\n")}\n${indent}}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const input = process.argv[2] ?? join(root, "../shared/reference/ceph-csi-releases.json");
  const ref = JSON.parse(readFileSync(input, "utf8"));
  const source = `${ref.schema}: ${ref.sources.primary.repository}@${ref.sources.primary.commit.slice(0, 8)}`;
  const out = join(root, "src/manifests/releases/data.json");
  writeFileSync(out, `${compactJson(generate(ref, source))}\n`);
  console.log(`wrote ${out}`);
}

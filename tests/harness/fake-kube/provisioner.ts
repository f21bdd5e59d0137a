/**
 * A stand-in for the persistentvolume-controller and a CSI external-provisioner: a claim whose
 * StorageClass names a served driver gets a PersistentVolume `pvc-<claim uid>` and is Bound, at
 * once or after `delayMs`; told to refuse, the claim stays Pending with a ProvisioningFailed
 * Warning Event. Events follow what a real cluster records:
 *   ExternalProvisioning (Normal, persistentvolume-controller), Provisioning (Normal, driver),
 *   ProvisioningSucceeded (Normal, driver) or ProvisioningFailed (Warning, driver);
 *   a class with another provisioner only gets ExternalProvisioning (nobody answers);
 *   WaitForFirstConsumer classes wait (no pods here); a missing class is a ProvisioningFailed.
 * Deleting a claim deletes its dynamically provisioned volume when the reclaim policy is Delete
 * (Retain: the volume is Released).
 */
import { randomUUID } from "node:crypto";
import type { Change, Cluster } from "./cluster.ts";
import { type EventSpec, recordEvent } from "./events.ts";
import { isObject, type JsonObject } from "./json.ts";
import { kindOfObject } from "./kinds.ts";

/** The charm's CSI drivers; the fake states them itself (fakes never import the charm). */
export const DEFAULT_DRIVERS = ["rbd.csi.ceph.com", "cephfs.csi.ceph.com"];
export const DEFAULT_REFUSAL = "rpc error: code = DeadlineExceeded desc = context deadline exceeded";

export interface ProvisionerOptions {
  /** More driver names to provision for, besides rbd.csi.ceph.com and cephfs.csi.ceph.com. */
  drivers?: string[];
  /** Bind this many milliseconds after the claim is created (default 0: right after the create). */
  delayMs?: number;
  /**
   * Refuse to provision: claims stay Pending and get a ProvisioningFailed Warning Event whose
   * message is `failed to provision volume with StorageClass "<class>": <message>`
   * (default message: DEFAULT_REFUSAL).
   */
  refuse?: boolean | { message?: string };
}

const PVC = kindOfObject("v1", "PersistentVolumeClaim")!;
const PV = kindOfObject("v1", "PersistentVolume")!;
const SC = kindOfObject("storage.k8s.io/v1", "StorageClass")!;
const CONTROLLER = "persistentvolume-controller";
const PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

function obj(x: unknown): JsonObject {
  return isObject(x) ? x : {};
}

function metaOf(o: JsonObject): JsonObject {
  return obj(o["metadata"]);
}

export class Provisioner {
  private readonly cluster: Cluster;
  private opts: ProvisionerOptions;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly instance = randomUUID();
  private readonly unsubscribe: () => void;

  constructor(cluster: Cluster, opts: ProvisionerOptions = {}) {
    this.cluster = cluster;
    this.opts = opts;
    this.unsubscribe = cluster.onChange((c) => this.onChange(c));
    this.retryPending();
  }

  /** Driver names this stand-in provisions for. */
  get drivers(): string[] {
    return [...new Set([...DEFAULT_DRIVERS, ...(this.opts.drivers ?? [])])];
  }

  get options(): ProvisionerOptions {
    return { ...this.opts };
  }

  /** Changes the behaviour; Pending claims are tried again (the real provisioner retries). */
  configure(opts: ProvisionerOptions): void {
    this.opts = { ...this.opts, ...opts };
    this.retryPending();
  }

  /** From now on refuse, with this rpc error (default DEFAULT_REFUSAL). */
  refuse(message?: string): void {
    this.configure({ refuse: message === undefined ? true : { message } });
  }

  /** From now on provision (and bind the claims left Pending). */
  bind(): void {
    this.configure({ refuse: false });
  }

  stop(): void {
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private component(driver: string): string {
    return `${driver}_csi-provisioner-0_${this.instance}`;
  }

  private event(o: JsonObject, e: EventSpec): void {
    recordEvent(this.cluster, o, e);
  }

  private onChange(c: Change): void {
    if (c.k === PVC && c.type === "created") this.schedule(c.obj);
    if (c.k === PVC && c.type === "deleted") this.reclaim(c.obj);
  }

  private retryPending(): void {
    for (const claim of this.cluster.ofKind(PVC)) {
      if (obj(claim["status"])["phase"] === "Pending" && !obj(claim["spec"])["volumeName"]) this.schedule(claim, true);
    }
  }

  private schedule(claim: JsonObject, retry = false): void {
    const delay = this.opts.delayMs ?? 0;
    if (delay <= 0) {
      this.provision(claim, retry);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.provision(claim, retry);
    }, delay);
    this.timers.add(t);
  }

  /** One attempt for one claim (looked up again: it may have gone or changed meanwhile). */
  private provision(initial: JsonObject, retry: boolean): void {
    const m = metaOf(initial);
    const ns = String(m["namespace"]);
    const name = String(m["name"]);
    const claim = this.cluster.find(PVC, ns, name);
    if (!claim || metaOf(claim)["uid"] !== m["uid"] || obj(claim["spec"])["volumeName"]) return;
    const className = obj(claim["spec"])["storageClassName"];
    if (typeof className !== "string" || className === "") {
      if (!retry) this.event(claim, { type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set", component: CONTROLLER });
      return;
    }
    const sc = this.cluster.find(SC, undefined, className);
    if (!sc) {
      this.event(claim, { type: "Warning", reason: "ProvisioningFailed", message: `storageclass.storage.k8s.io "${className}" not found`, component: CONTROLLER });
      return;
    }
    if (sc["volumeBindingMode"] === "WaitForFirstConsumer") {
      if (!retry) this.event(claim, { type: "Normal", reason: "WaitForFirstConsumer", message: "waiting for first consumer to be created before binding", component: CONTROLLER });
      return;
    }
    const driver = String(sc["provisioner"]);
    const waiting = `Waiting for a volume to be created either by the external provisioner '${driver}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
    this.event(claim, { type: "Normal", reason: "ExternalProvisioning", message: waiting, component: CONTROLLER });
    if (!this.drivers.includes(driver)) return;
    const annotated = this.cluster.internalUpdate(PVC, ns, name, CONTROLLER, (o) => {
      const md = metaOf(o);
      md["annotations"] = { ...obj(md["annotations"]), "volume.beta.kubernetes.io/storage-provisioner": driver, "volume.kubernetes.io/storage-provisioner": driver };
    });
    const by = this.component(driver);
    this.event(annotated, { type: "Normal", reason: "Provisioning", message: `External provisioner is provisioning volume for claim "${ns}/${name}"`, component: by });
    const refuse = this.opts.refuse;
    if (refuse) {
      const why = typeof refuse === "object" && refuse.message !== undefined ? refuse.message : DEFAULT_REFUSAL;
      this.event(annotated, { type: "Warning", reason: "ProvisioningFailed", message: `failed to provision volume with StorageClass "${className}": ${why}`, component: by });
      return;
    }
    this.bindNew(annotated, sc, driver, by);
  }

  private bindNew(claim: JsonObject, sc: JsonObject, driver: string, by: string): void {
    const m = metaOf(claim);
    const ns = String(m["namespace"]);
    const name = String(m["name"]);
    const spec = obj(claim["spec"]);
    const pvName = `pvc-${String(m["uid"])}`;
    const params = obj(sc["parameters"]);
    const attributes: JsonObject = {};
    for (const [k, v] of Object.entries(params)) if (!k.startsWith("csi.storage.k8s.io/")) attributes[k] = v;
    attributes["storage.kubernetes.io/csiProvisionerIdentity"] = `${Date.now()}-1-${driver}`;
    const secretRef = (kind: string): JsonObject | undefined => {
      const n = params[`csi.storage.k8s.io/${kind}-secret-name`];
      const s = params[`csi.storage.k8s.io/${kind}-secret-namespace`];
      return typeof n === "string" && typeof s === "string" ? { name: n, namespace: s } : undefined;
    };
    const csi: JsonObject = { driver, volumeHandle: `fake-kube-${randomUUID()}`, volumeAttributes: attributes };
    const fsType = params["csi.storage.k8s.io/fstype"];
    if (typeof fsType === "string") csi["fsType"] = fsType;
    const stage = secretRef("node-stage");
    if (stage) csi["nodeStageSecretRef"] = stage;
    const expand = secretRef("controller-expand");
    if (expand) csi["controllerExpandSecretRef"] = expand;
    const capacity = { storage: obj(obj(spec["resources"])["requests"])["storage"] ?? "1Gi" };
    const pv = this.cluster.internalCreate(PV, undefined, "csi-provisioner", {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: pvName, annotations: { [PROVISIONED_BY]: driver, "volume.kubernetes.io/provisioner-deletion-secret-name": secretRef("provisioner")?.["name"] ?? "", "volume.kubernetes.io/provisioner-deletion-secret-namespace": secretRef("provisioner")?.["namespace"] ?? "" } },
      spec: {
        accessModes: spec["accessModes"] ?? ["ReadWriteOnce"],
        capacity,
        claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name, namespace: ns, uid: m["uid"] ?? "", resourceVersion: m["resourceVersion"] ?? "" },
        csi,
        persistentVolumeReclaimPolicy: sc["reclaimPolicy"] ?? "Delete",
        storageClassName: String(metaOf(sc)["name"]),
        volumeMode: spec["volumeMode"] ?? "Filesystem",
        ...(Array.isArray(sc["mountOptions"]) ? { mountOptions: sc["mountOptions"] } : {}),
      },
    });
    this.cluster.writeStatus(PV, undefined, pvName, { phase: "Bound" });
    this.cluster.internalUpdate(PVC, ns, name, CONTROLLER, (o) => {
      const md = metaOf(o);
      md["annotations"] = { ...obj(md["annotations"]), "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" };
      (o["spec"] as JsonObject)["volumeName"] = pvName;
    });
    this.cluster.writeStatus(PVC, ns, name, { phase: "Bound", accessModes: obj(pv["spec"])["accessModes"] ?? [], capacity });
    this.event(claim, { type: "Normal", reason: "ProvisioningSucceeded", message: `Successfully provisioned volume ${pvName}`, component: by });
  }

  /** A deleted claim's volume: deleted (policy Delete, provisioned by a served driver) or Released. */
  private reclaim(claim: JsonObject): void {
    const uid = metaOf(claim)["uid"];
    for (const pv of this.cluster.ofKind(PV)) {
      const spec = obj(pv["spec"]);
      if (obj(spec["claimRef"])["uid"] !== uid) continue;
      const name = String(metaOf(pv)["name"]);
      const driver = obj(metaOf(pv)["annotations"])[PROVISIONED_BY];
      if (spec["persistentVolumeReclaimPolicy"] === "Delete" && typeof driver === "string" && this.drivers.includes(driver)) {
        this.cluster.delete(PV, undefined, name);
      } else {
        this.cluster.writeStatus(PV, undefined, name, { phase: "Released" });
      }
    }
  }
}

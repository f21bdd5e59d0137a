/** Removal: one unit never uninstalls the cluster's CSI; the application going does, and says when it could not. */
import assert from "node:assert/strict";
import { assertAllOk, given, history, owned, ready } from "./states.ts";

const PV = {
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "pvc-1", labels: { "juju.io/application": "ceph-csi" } },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], csi: { driver: "rbd.csi.ceph.com", volumeHandle: "x" } },
};

const CLEANUP =
  "kubectl delete -A -l juju.io/application=ceph-csi storageclass,daemonset,deployment,service,csidriver,secret,configmap,rolebinding,role,clusterrolebinding,clusterrole,serviceaccount; where the snapshot API is served: kubectl delete -l juju.io/application=ceph-csi volumesnapshotclass";

describe("scenario: removal", () => {
  it("removing one unit (the leader) of two deletes nothing", async () => {
    const s = await given(ready({ units: 2 }));
    const before = owned(s);
    assertAllOk(await s.juju.removeUnit("ceph-csi/0"));
    assert.deepEqual(s.kube.writes().filter((w) => w.method === "DELETE"), []);
    assert.deepEqual(owned(s), before);
    assert.deepEqual(s.status("ceph-csi/1"), { status: "active", message: "Ready" });
  });

  it("breaking ceph-client purges everything applied but PersistentVolumes, announcing it", async () => {
    const s = await given(ready());
    s.kube.cluster.seed(PV);
    assertAllOk(await s.juju.unrelate(s.clientRel as number));
    assert.deepEqual(owned(s), ["PersistentVolume/pvc-1"]);
    assert.ok(history(s).includes("maintenance Removing Kubernetes resources"));
    assert.deepEqual(s.status(), { status: "blocked", message: "Missing relation: ceph-client (or ceph, or the ceph-external secret)" });
    assert.ok(s.juju.state.logs.some((l) => /^Removed \d+ Kubernetes objects; pools xfs-pool and ext4-pool and the cephx user stay in Ceph$/.test(l.message)));
  });

  it("removing the application purges once every unit is going, PersistentVolumes stay", async () => {
    const s = await given(ready({ units: 3 }));
    s.kube.cluster.seed(PV);
    assertAllOk(await s.juju.removeApplication());
    assert.deepEqual(owned(s), ["PersistentVolume/pvc-1"]);
    assert.equal(s.juju.state.units.length, 0);
    assert.ok(!Object.keys(s.host.dirs).some((d) => d.endsWith("/ceph-conf")), "the private conf is gone");
  });

  it("the API down while the relation is broken: a WARNING names what stays and the command, the status says so, a later hook finishes", async () => {
    const s = await given(ready());
    const before = owned(s);
    s.kube.down = "refused";
    assertAllOk(await s.juju.unrelate(s.clientRel as number));
    assert.deepEqual(owned(s), before, "nothing could be deleted");
    const warning = s.juju.state.logs.find((l) => l.level === "WARNING" && l.message.startsWith("Removal incomplete:"));
    assert.ok(warning, s.juju.state.logs.map((l) => `${l.level} ${l.message}`).join("\n"));
    assert.ok(warning.message.includes("connection refused"));
    assert.ok(warning.message.includes("the objects labelled juju.io/application=ceph-csi"));
    assert.ok(warning.message.endsWith(CLEANUP), warning.message);
    assert.ok(!s.juju.state.logs.some((l) => l.message.startsWith("Removed ")), "no claim that anything was removed");
    assert.deepEqual(s.status(), {
      status: "blocked",
      message: "Removal incomplete: list ServiceAccount: connection refused; objects labelled juju.io/application=ceph-csi stay (kubectl command in the log)",
    });
    s.kube.down = undefined;
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(owned(s), []);
    assert.deepEqual(s.status(), { status: "blocked", message: "Missing relation: ceph-client (or ceph, or the ceph-external secret)" });
  });

  it("the API failing halfway through removing the application: the WARNING lists what is left", async () => {
    const s = await given(ready());
    s.kube.addFault({ method: "DELETE", path: "/daemonsets", status: 500 });
    assertAllOk(await s.juju.removeApplication());
    const warnings = s.juju.state.logs.filter((l) => l.level === "WARNING" && l.message.startsWith("Removal incomplete:"));
    assert.ok(warnings.length > 0);
    const w = warnings[0]?.message ?? "";
    assert.match(w, /Not removed: DaemonSet\/default\/csi-rbdplugin, .*ServiceAccount\/default\//);
    assert.ok(w.endsWith(CLEANUP));
    assert.ok(owned(s).includes("DaemonSet/csi-rbdplugin"));
    assert.ok(!owned(s).includes("StorageClass/ceph-xfs"), "what came before the failure is gone");
    const stop = s.juju.history.find((o) => o.name === "stop" && o.toolCalls.some((c) => c.tool === "status-set"));
    const set = stop?.toolCalls.filter((c) => c.tool === "status-set").at(-1)?.args ?? [];
    assert.deepEqual(set.slice(-2), ["blocked", "Removal incomplete: delete DaemonSet: injected fault (500) (HTTP 500); objects labelled juju.io/application=ceph-csi stay (kubectl command in the log)"], "while the unit lives, its status says so");
  });

  it("a purge that failed, then the Ceph source back before any retry: purge-pending and the retry go, so a follower's update-status stays quick", async () => {
    const s = await given(ready({ units: 2 }));
    s.kube.down = "refused";
    assertAllOk(await s.juju.unrelate(s.clientRel as number));
    const leader = s.juju.state.leader as string;
    const stored = () => s.juju.state.units.find((u) => u.name === leader)?.storedState ?? {};
    assert.equal(stored()["purge-pending"], "1", "the failed purge is remembered");
    s.kube.down = undefined;
    assertAllOk(await s.relateClient());
    assertAllOk(await s.settle());
    assert.deepEqual(s.status(leader), { status: "active", message: "Ready" });
    assert.equal(stored()["purge-pending"], undefined, "nothing left to purge: the application stays");
    assert.equal(stored()["retry-pending"], undefined, "no periodic retry either");
    // Leadership moves on: the former leader, now a follower, settles to the two-read update-status.
    const state = s.juju.state;
    state.leader = s.juju.state.units.map((u) => u.name).find((u) => u !== leader) as string;
    s.juju.setState(state);
    assertAllOk([await s.hook("update-status", { unit: leader })]);
    const quiet = await s.hook("update-status", { unit: leader });
    assertAllOk([quiet]);
    assert.equal(quiet.toolCalls.length, 2, quiet.toolCalls.map((c) => c.tool).join(", "));
  });
});

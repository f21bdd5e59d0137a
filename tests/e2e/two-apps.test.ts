/**
 * Two ceph-csi applications on one cluster, through the packed charm's own dispatch and Node
 * (each application its own fake Juju, one fake API over HTTP in 1.26 mode): a second
 * application whose names collide writes nothing; with names of its own it works beside the
 * first; removing it removes only its own. Every hook's exit code is checked.
 */
import assert from "node:assert/strict";
import type { World, WorldOptions } from "../harness/world.ts";
import { PackedWorld } from "./packed-charm.ts";
import { SECOND_APP_NAMES } from "../scenario/states.ts";
import { assertHooksOk, assertReady, labelledObjects, unitStatus } from "./process-world.ts";

/** The objects labelled for `app`, as Kind/[ns/]name uid. */
function objectsOf(w: World, app: string): string[] {
  return labelledObjects(w, app)
    .map(({ kind, metadata: m }) => `${kind}/${m.namespace ? `${m.namespace}/` : ""}${m.name} ${m.uid}`)
    .sort();
}

/** The packed charm deployed as `o.app`, related to ceph-mon unless `relate: false`. */
async function packedApp(worlds: PackedWorld[], o: WorldOptions & { relate?: boolean }): Promise<World> {
  const p = await PackedWorld.start(o);
  worlds.push(p);
  assertHooksOk(await p.w.juju.deploy(1));
  if (o.relate !== false) assertHooksOk(await p.w.relateClient());
  return p.w;
}

describe("end to end: two applications on one cluster (packed charm, Kubernetes 1.26)", function () {
  this.timeout(600_000);
  let a: World;
  const worlds: PackedWorld[] = [];

  before(async () => {
    a = await packedApp(worlds, { kubeVersion: "1.26" });
    assertReady(a);
  });
  after(async () => {
    // The first world owns the fake API: stop it last.
    for (const w of [...worlds].reverse()) await w.stop();
  });

  it("a second application whose names collide writes nothing and says who holds them and which options rename them", async () => {
    const b = await packedApp(worlds, { app: "ceph-csi-b", kube: a.kube, relate: false, config: { namespace: "ceph-csi-b", "create-namespace": true } });
    a.kube.clearRequests();
    assertHooksOk(await b.relateClient());
    const s = unitStatus(b);
    assert.equal(s.status, "blocked");
    assert.match(s.message, /^\d+ Kubernetes resource collisions with application 'ceph-csi': nothing applied; set .*csidriver-name-formatter/);
    assert.deepEqual(a.kube.writes(), [], "not one object written, not even the namespace");
    assert.deepEqual(objectsOf(a, "ceph-csi-b"), []);
  });

  it("with names of its own it works beside the first; removing it removes only its own", async () => {
    const mine = objectsOf(a, "ceph-csi");
    const b = await packedApp(worlds, { app: "ceph-csi-b", kube: a.kube, config: SECOND_APP_NAMES });
    assertReady(b);
    assert.ok(objectsOf(a, "ceph-csi-b").length > 10);
    a.kube.clearRequests();
    assertHooksOk(await a.juju.updateStatus());
    assertHooksOk(await b.juju.updateStatus());
    assert.deepEqual(a.kube.writes(), [], "steady: neither prunes nor fights the other");
    assertReady(a);
    assert.deepEqual(objectsOf(a, "ceph-csi"), mine);
    assertHooksOk(await b.juju.removeApplication());
    assert.deepEqual(
      objectsOf(a, "ceph-csi-b").map((o) => o.split(" ")[0]),
      ["Namespace/ceph-csi-b"],
      "all of its objects go but the namespace it made (never deleted: claims may live there)",
    );
    assert.deepEqual(objectsOf(a, "ceph-csi"), mine, "the first application's objects stay, uids and all");
    assertHooksOk(await a.juju.updateStatus());
    assertReady(a);
  });
});

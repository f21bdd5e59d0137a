import assert from "node:assert/strict";
import { FakeKube, KINDS } from "../../harness/fake-kube/index.ts";
import { type Body, get, readProto } from "./support.ts";

const PROTO_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

function gvPath(k: { group: string; version: string }): string {
  return k.group === "" ? `api/${k.version}` : `apis/${k.group}/${k.version}`;
}

describe("fake-kube: OpenAPI v3 and v2", () => {
  let fk: FakeKube;
  before(async () => {
    fk = await FakeKube.start({ snapshotApi: true });
  });
  after(async () => {
    await fk.stop();
  });

  it("indexes one v3 document per group-version, at a serverRelativeURL with its hash", async () => {
    const index = (await get(fk, "/openapi/v3")).body;
    const expected = [...new Set(KINDS.map(gvPath))].sort();
    assert.deepEqual(Object.keys(index.paths).sort(), expected);
    for (const [p, entry] of Object.entries(index.paths as Record<string, Body>)) {
      assert.match(entry.serverRelativeURL, new RegExp(`^/openapi/v3/${p}\\?hash=[0-9A-F]{128}$`));
    }
  });

  it("describes every served kind: PATCH with its group-version-kind and fieldValidation, schemas with x-kubernetes-group-version-kind", async () => {
    const index = (await get(fk, "/openapi/v3")).body;
    for (const k of KINDS) {
      const doc = (await get(fk, index.paths[gvPath(k)].serverRelativeURL)).body;
      assert.equal(doc.openapi, "3.0.0");
      const patches = Object.values(doc.paths as Record<string, Body>)
        .map((item) => item["patch"])
        .filter((op) => op && op["x-kubernetes-group-version-kind"].kind === k.kind);
      assert.equal(patches.length, 1, `${k.kind}: one PATCH operation`);
      assert.deepEqual(patches[0]["x-kubernetes-group-version-kind"], { group: k.group, version: k.version, kind: k.kind });
      assert.ok(patches[0].parameters.some((p: Body) => p.name === "fieldValidation" && p.in === "query"), `${k.kind}: fieldValidation`);
      const schema = Object.values(doc.components.schemas as Record<string, Body>).find((s) =>
        (s["x-kubernetes-group-version-kind"] ?? []).some((g: Body) => g.kind === k.kind && g.group === k.group),
      );
      assert.ok(schema?.properties?.metadata, `${k.kind}: schema with metadata`);
    }
  });

  it("redirects a stale hash to the current document, 404s an unknown group-version", async () => {
    const stale = await get(fk, "/openapi/v3/apis/storage.k8s.io/v1?hash=0000");
    assert.equal(stale.status, 301);
    assert.match(stale.headers.get("location") ?? "", /^\/openapi\/v3\/apis\/storage\.k8s\.io\/v1\?hash=[0-9A-F]{128}$/);
    assert.equal((await get(fk, "/openapi/v3/apis/example.com/v1")).status, 404);
  });

  it("serves /openapi/v2 as JSON with the same definitions", async () => {
    const v2 = (await get(fk, "/openapi/v2", { Accept: "application/json" })).body;
    assert.equal(v2.swagger, "2.0");
    const sc = v2.definitions["io.k8s.api.storage.v1.StorageClass"];
    assert.deepEqual(sc["x-kubernetes-group-version-kind"], [{ group: "storage.k8s.io", kind: "StorageClass", version: "v1" }]);
    assert.equal(sc.properties.metadata.$ref, "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assert.ok(v2.definitions["io.k8s.storage.snapshot.v1.VolumeSnapshotClass"]);
  });

  it("serves /openapi/v2 as the gnostic protocol buffer old kubectl reads", async () => {
    const res = await fetch(`${fk.url}/openapi/v2`, { headers: { Authorization: `Bearer ${fk.token}`, Accept: PROTO_ACCEPT } });
    assert.equal(res.headers.get("content-type"), "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    const doc = readProto(Buffer.from(await res.arrayBuffer()));
    const field = (fields: ReturnType<typeof readProto>, n: number): Buffer => fields.find((f) => f.field === n)!.value as Buffer;
    assert.equal(field(doc, 1).toString(), "2.0");
    const definitions = readProto(field(doc, 9));
    const names = definitions.map((d) => field(readProto(d.value as Buffer), 1).toString());
    const v2 = (await get(fk, "/openapi/v2")).body;
    assert.deepEqual([...names].sort(), Object.keys(v2.definitions).sort());
    const sc = readProto(definitions[names.indexOf("io.k8s.api.storage.v1.StorageClass")]!.value as Buffer);
    const schema = readProto(sc.find((f) => f.field === 2)!.value as Buffer);
    const ext = schema.filter((f) => f.field === 31).map((f) => readProto(f.value as Buffer));
    const gvk = ext.find((e) => (e[0]!.value as Buffer).toString() === "x-kubernetes-group-version-kind");
    assert.ok(gvk, "the group-version-kind vendor extension");
    const yaml = (readProto(gvk[1]!.value as Buffer).find((f) => f.field === 2)!.value as Buffer).toString();
    assert.deepEqual(JSON.parse(yaml), [{ group: "storage.k8s.io", kind: "StorageClass", version: "v1" }]);
  });
});

/** Listing follows continue tokens, within a bound: an API that never stops paging cannot hold a hook. */
import assert from "node:assert/strict";
import { clientOver, type ObjectApi } from "../../../src/kube/client.ts";

function pagingApi(next: (page: number) => string | undefined): { api: ObjectApi; calls: () => number } {
  let calls = 0;
  const api = {
    list: async () => {
      const page = calls++;
      const token = next(page);
      return { items: [{ metadata: { name: `cm-${page}` } }], metadata: token === undefined ? {} : { _continue: token } };
    },
  } as unknown as ObjectApi;
  return { api, calls: () => calls };
}

describe("kube client: list pagination", () => {
  it("follows continue tokens to the last page", async () => {
    const { api, calls } = pagingApi((p) => (p < 2 ? `t${p}` : undefined));
    const items = await clientOver(api).list("v1", "ConfigMap", "a=b", "default");
    assert.deepEqual(
      items.map((i) => i.metadata.name),
      ["cm-0", "cm-1", "cm-2"],
    );
    assert.equal(calls(), 3);
  });

  it("an API that always sends a new continue token: fails after a bounded number of pages, naming it", async () => {
    const { api, calls } = pagingApi((p) => `t${p}`);
    await assert.rejects(clientOver(api).list("v1", "ConfigMap", "a=b", "default"), /list ConfigMap: more than 200 pages of 500/);
    assert.equal(calls(), 200);
  });

  it("an API that sends the same continue token again: fails at once", async () => {
    const { api, calls } = pagingApi(() => "same");
    await assert.rejects(clientOver(api).list("v1", "ConfigMap", "a=b", "default"), /list ConfigMap: the API sent the same continue token twice/);
    assert.equal(calls(), 2);
  });
});

export { Cluster } from "./cluster.ts";
export type { Json, JsonObject } from "./json.ts";
export { KINDS, type KindInfo } from "./kinds.ts";
export { FakeKube, type FaultHandle, type FaultSpec, type RecordedRequest, type StartOptions } from "./server.ts";

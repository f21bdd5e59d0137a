export { Cluster, type Change } from "./cluster.ts";
export { type EventSpec, recordEvent } from "./events.ts";
export type { Json, JsonObject } from "./json.ts";
export { KINDS, type KindInfo, type OptionalApi } from "./kinds.ts";
export { DEFAULT_DRIVERS, DEFAULT_REFUSAL, Provisioner, type ProvisionerOptions } from "./provisioner.ts";
export { FakeKube, type FaultHandle, type FaultSpec, type RecordedRequest, type StartOptions } from "./server.ts";

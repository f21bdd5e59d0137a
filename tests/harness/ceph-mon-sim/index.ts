export * from "./backend.ts";
export * from "./broker.ts";
export * from "./mon.ts";

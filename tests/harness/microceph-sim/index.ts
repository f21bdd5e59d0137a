export * from "./cluster.ts";
export * from "./provider.ts";

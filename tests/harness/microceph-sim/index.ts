export * from "./cluster.ts";
export * from "./provider.ts";
export * from "./relation.ts";

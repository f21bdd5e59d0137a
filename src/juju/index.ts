/** Typed access to Juju's hook tools, all through one HookToolRunner. */
export * from "./actions.ts";
export * from "./config.ts";
export * from "./event.ts";
export * from "./goal-state.ts";
export * from "./leader.ts";
export * from "./log.ts";
export * from "./relations.ts";
export * from "./runner.ts";
export * from "./secrets.ts";
export * from "./state.ts";
export * from "./status.ts";
export * from "./version.ts";

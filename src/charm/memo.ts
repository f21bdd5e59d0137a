/**
 * A hook runs its decision several times (once per round of steps) on the same inputs: the
 * expensive pure parts are kept for the inputs they were computed from. Keyed by the config
 * object of the observation, which every round of one hook shares.
 */
import type { CephCluster } from "../ceph/cluster.ts";
import type { ParsedConfig } from "../config/parse.ts";
import { parseConfig } from "../config/parse.ts";
import { type Rendered, render } from "../manifests/render.ts";
import type { Result } from "../result.ts";

interface Kept {
  config: Result<ParsedConfig>;
  render?: { key: string; result: Result<Rendered> };
}

const kept = new WeakMap<object, Kept>();

function entry(raw: Readonly<Record<string, unknown>>): Kept {
  let k = kept.get(raw);
  if (k === undefined) {
    k = { config: parseConfig(raw) };
    kept.set(raw, k);
  }
  return k;
}

/** parseConfig, once per config object. */
export function parsedConfig(raw: Readonly<Record<string, unknown>>): Result<ParsedConfig> {
  return entry(raw).config;
}

/** render, once per config object and cluster model. */
export function rendered(raw: Readonly<Record<string, unknown>>, app: string, config: ParsedConfig, cluster: CephCluster, kubeletDir: string): Result<Rendered> {
  const k = entry(raw);
  const key = JSON.stringify([app, cluster, kubeletDir, config.options.release]);
  if (k.render?.key !== key) k.render = { key, result: render({ app, config, cluster, kubeletDir }) };
  return k.render.result;
}

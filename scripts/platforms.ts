/**
 * The platforms the charm is built for, as charmcraft.yaml lists them (multi-base shorthand,
 * `ubuntu@24.04:arm64`), and the names charmcraft gives the packed files
 * (`ceph-csi_ubuntu@24.04-arm64.charm`: the platform name with ':' turned into '-').
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface Platform {
  /** The platform name as charmcraft.yaml spells it, e.g. `ubuntu@24.04:arm64`. */
  name: string;
  /** `ubuntu@24.04` */
  base: string;
  /** `ubuntu` */
  distro: string;
  /** `24.04` */
  channel: string;
  /** Debian architecture name: amd64, arm64, s390x. */
  arch: string;
}

export function parsePlatform(name: string): Platform {
  const m = /^([a-z]+)@([0-9.]+):([a-z0-9]+)$/.exec(name);
  if (!m) throw new Error(`'${name}' is not a platform name like ubuntu@24.04:amd64`);
  const [, distro = "", channel = "", arch = ""] = m;
  return { name, base: `${distro}@${channel}`, distro, channel, arch };
}

/** Every platform of charmcraft.yaml, in its order. */
export function charmPlatforms(file = join(root, "charmcraft.yaml")): Platform[] {
  const doc = parse(readFileSync(file, "utf8")) as { platforms?: Record<string, unknown> };
  return Object.keys(doc.platforms ?? {}).map(parsePlatform);
}

/** The charm's name (metadata.yaml). */
export function charmName(): string {
  return (parse(readFileSync(join(root, "metadata.yaml"), "utf8")) as { name: string }).name;
}

/** The file name charmcraft writes for a platform. */
export function charmFileName(platform: Platform | string): string {
  const name = typeof platform === "string" ? platform : platform.name;
  return `${charmName()}_${name.replaceAll(":", "-")}.charm`;
}

/** Debian architecture of this machine (Node's `process.arch` naming differs). */
export function hostArch(): string {
  const arch = { x64: "amd64", arm64: "arm64", s390x: "s390x", ppc64: "ppc64el" }[process.arch as string];
  if (!arch) throw new Error(`no charm platform for this machine's architecture ${process.arch}`);
  return arch;
}

/** The platform whose charm runs on this machine: the newest base of charmcraft.yaml for this architecture. */
export function hostPlatform(): Platform {
  const mine = charmPlatforms().filter((p) => p.arch === hostArch());
  const newest = mine.sort((a, b) => Number(b.channel) - Number(a.channel))[0];
  if (!newest) throw new Error(`charmcraft.yaml lists no platform for ${hostArch()}`);
  return newest;
}

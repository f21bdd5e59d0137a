/**
 * Charmcraft's and Juju's rules for a charm's platforms and bases, as far as charmcraft.yaml
 * shows them (charmcraft's platforms reference and its Ubuntu 26.04 migration guide; Juju's
 * base syntax), as a check returning the broken rules. Charmcraft itself cannot run here.
 */

/** Bases charmcraft builds charms for with `base`/`platforms` (not the deprecated `bases`). */
export const CHARMCRAFT_BASES = ["ubuntu@20.04", "ubuntu@22.04", "ubuntu@24.04", "ubuntu@26.04"];
/** Debian architectures charmcraft builds for. */
export const DEBIAN_ARCHES = ["amd64", "arm64", "armhf", "ppc64el", "riscv64", "s390x"];

/** The bases each principal the charm is a subordinate of runs on (a subordinate takes its principal's base). */
export const PRINCIPAL_BASES: Record<string, string[]> = {
  "kubernetes-control-plane": ["ubuntu@22.04", "ubuntu@24.04"],
  k8s: ["ubuntu@24.04", "ubuntu@26.04"],
};

// biome-ignore lint/suspicious/noExplicitAny: charmcraft.yaml as parsed YAML
type Yaml = any;

/** charmcraft's platform-name rule: begins and ends with a letter or digit; inside also - @ . :; not `any`. */
const PLATFORM_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9@.:-]*[A-Za-z0-9])?$/;
const SHORTHAND = /^([a-z]+)@([0-9]+\.[0-9]+):([a-z0-9]+)$/;

export function charmcraftProblems(y: Yaml): string[] {
  const problems: string[] = [];
  if (y?.type !== "charm") problems.push("type must be charm");
  const platforms = (y?.platforms ?? {}) as Record<string, unknown>;
  if (Object.keys(platforms).length === 0) problems.push("platforms is empty");
  if (y?.bases !== undefined) problems.push("the deprecated bases key cannot be used with platforms (and ubuntu@26.04 refuses it)");
  const bases = new Set<string>();
  for (const [name, value] of Object.entries(platforms)) {
    if (name === "any" || !PLATFORM_NAME.test(name)) problems.push(`platform name ${JSON.stringify(name)} breaks charmcraft's naming rules`);
    const m = SHORTHAND.exec(name);
    if (!m) {
      problems.push(`platform ${name} is not multi-base shorthand <distro>@<series>:<arch>`);
      continue;
    }
    if (value !== null) problems.push(`platform ${name}: shorthand takes no value (build-on/build-for come from the name)`);
    const [, distro, series, arch] = m;
    const base = `${distro}@${series}`;
    bases.add(base);
    if (!CHARMCRAFT_BASES.includes(base)) problems.push(`platform ${name}: charmcraft builds no charm for base ${base}`);
    if (!DEBIAN_ARCHES.includes(arch as string)) problems.push(`platform ${name}: ${arch} is not a Debian architecture`);
  }
  if (bases.size > 0 && (y?.base !== undefined || y?.["build-base"] !== undefined)) {
    problems.push("multi-base platforms carry their base in the name: no top-level base or build-base");
  }
  if ([...bases].some((b) => b >= "ubuntu@26.04")) {
    for (const [part, spec] of Object.entries((y?.parts ?? {}) as Record<string, Yaml>)) {
      if (part.includes("/")) problems.push(`part ${part}: part names on ubuntu@26.04 cannot contain '/'`);
      if (spec?.plugin === "charm") problems.push(`part ${part}: the charm plugin is not available on ubuntu@26.04`);
    }
  }
  return problems;
}

/**
 * The Ceph CSI release after a switch from the Python charm. Pure.
 *
 * The Python charm's objects carry the release they run in their labels
 * (`juju.io/manifest-version: rbd-v3.9.0`). Taking them over must not upgrade the cluster's
 * storage drivers behind the operator's back: the leader keeps the running release ("pins" it)
 * as long as the `release` option keeps the value it had at the takeover, and says so in the
 * status. Setting `release` to another value ends the pin. A fresh install has no pin.
 * The pin lives in stored state and in leader settings (for a new leader).
 */
import type { ParsedConfig } from "../config/parse.ts";
import { previousOwners } from "../converge/takeover.ts";
import { getRelease, listReleases } from "../manifests/releases/index.ts";
import { type KubeObject, LABEL_APP, LABEL_MANIFEST, LABEL_MANIFEST_VERSION } from "../manifests/types.ts";
import { note } from "../status/problem.ts";
import type { Draft } from "./draft.ts";
import { isLeaderSettingsChanged } from "./events.ts";
import { KEYS } from "./stored.ts";

export interface ReleasePin {
  /** The release kept. */
  release: string;
  /** The `release` option's value when it was pinned: another value ends the pin. */
  config: string;
}

function parsePin(text: string | undefined): ReleasePin | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ReleasePin>;
    return typeof v.release === "string" && typeof v.config === "string" ? { release: v.release, config: v.config } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The release the previous charm's objects run (the drivers' `juju.io/manifest-version`), when
 * `live` holds objects of the application that the previous charm's field managers still own.
 */
export function previousRelease(live: readonly KubeObject[], app: string): string | undefined {
  const found: string[] = [];
  for (const o of live) {
    const labels = o.metadata.labels ?? {};
    const manifest = labels[LABEL_MANIFEST];
    const version = labels[LABEL_MANIFEST_VERSION];
    if (labels[LABEL_APP] !== app || (manifest !== "rbd" && manifest !== "cephfs") || !version?.startsWith(`${manifest}-`)) continue;
    if (previousOwners(o, app).length === 0) continue;
    found.push(version.slice(manifest.length + 1));
  }
  // The RBD manifest first (always deployed by the Python charm's default config).
  return found[0];
}

function parts(v: string): number[] {
  return v.replace(/^v/, "").split(".").map(Number);
}

function compare(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * The next upgrade step from `running` towards `wanted`: the newest patch of the next minor
 * release the charm carries (Ceph CSI upgrades one minor release at a time), never past `wanted`.
 */
export function nextStep(running: string, wanted: string, known: readonly string[] = listReleases()): string {
  const newer = known.filter((v) => compare(v, running) > 0 && compare(v, wanted) <= 0);
  if (newer.length === 0) return wanted;
  const minor = (v: string) => parts(v).slice(0, 2).join(".");
  const nextMinor = newer.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
  return newer.filter((v) => minor(v) === minor(nextMinor)).reduce((a, b) => (compare(a, b) >= 0 ? a : b));
}

function setPin(d: Draft, pin: ReleasePin | undefined): void {
  const text = pin === undefined ? undefined : JSON.stringify(pin);
  d.store(KEYS.releasePin, text);
  d.effects.leaderSettings[KEYS.releasePin] = text ?? "";
}

/** The application's objects are gone (removed with the Ceph source): a later deployment is a fresh install. */
export function forgetPin(d: Draft): void {
  if (d.stored(KEYS.releasePin) !== undefined || d.obs.answers.leaderSettings?.[KEYS.releasePin]) setPin(d, undefined);
}

/** The release the leader renders (the `release` option, unless a switch pinned the running one). */
export function chosenRelease(d: Draft, config: ParsedConfig): string {
  const wanted = config.options.release;
  const app = d.obs.event.appName;
  let pin = parsePin(d.stored(KEYS.releasePin) ?? d.obs.answers.leaderSettings?.[KEYS.releasePin]);
  if (pin !== undefined && d.stored(KEYS.releasePin) === undefined) d.store(KEYS.releasePin, JSON.stringify(pin));
  if (pin !== undefined && pin.config !== wanted) {
    d.log(`release: ${wanted} set by the operator; Ceph CSI ${pin.release} kept from the previous charm is no longer pinned`);
    setPin(d, undefined);
    pin = undefined;
  }
  if (pin === undefined && d.stored(KEYS.applied) === undefined) {
    const read = d.obs.answers.kube.reads[0];
    const running = read?.ok ? previousRelease(read.value.listed, app) : undefined;
    if (running !== undefined && running !== wanted) {
      if (getRelease(running) === undefined) {
        d.log(`The previous charm runs Ceph CSI ${running}, which this charm does not carry: deploying ${wanted}`, "WARNING");
      } else {
        pin = { release: running, config: wanted };
        setPin(d, pin);
        d.log(`Taking over Ceph CSI ${running} from the previous charm: kept until the release option changes (this charm would deploy ${wanted})`);
      }
    }
  }
  if (pin === undefined) return wanted;
  d.notes.push(note("noteReleaseKept", { running: pin.release, chosen: wanted, app, next: nextStep(pin.release, wanted) }));
  return pin.release;
}

/**
 * The release a non-leader shows as its workload version: the leader's pin while the option keeps
 * its value, else the option. The pin is read from leader settings when they change.
 */
export function followerRelease(d: Draft, config: ParsedConfig): string | "pending" {
  const wanted = config.options.release;
  if (isLeaderSettingsChanged(d.obs.event)) {
    const settings = d.obs.answers.leaderSettings;
    if (settings === undefined) {
      d.need({ kind: "leader-settings" });
      return "pending";
    }
    d.store(KEYS.releasePin, settings[KEYS.releasePin] || undefined);
  }
  const pin = parsePin(d.stored(KEYS.releasePin));
  return pin !== undefined && pin.config === wanted ? pin.release : wanted;
}

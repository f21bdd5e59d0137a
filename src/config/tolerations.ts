import { isLabelValue, isQualifiedName } from "../manifests/names.ts";
import { err, ok, type Result } from "../result.ts";

/**
 * Tolerations options: space-separated `key=value,Operator[,Effect]` (the Python charm's syntax).
 * `$csi-cephfsplugin-legacy$` (CephFS only) keeps the old behaviour: the node plugin tolerates
 * everything, the provisioner nothing.
 */
export interface Toleration {
  key?: string;
  operator: "Exists" | "Equal";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface PodTolerations {
  provisioner: Toleration[];
  nodeplugin: Toleration[];
}

export const LEGACY_CEPHFS_TOLERATIONS = "$csi-cephfsplugin-legacy$";

const OPERATORS = ["Exists", "Equal"] as const;
const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** Python repr of a string, as the charm's f"{x=}" messages show it. */
const repr = (s: string): string => `'${s}'`;

/** One `key=value,Operator[,Effect]` token, or the reason it is not one. */
export function parseToleration(token: string): Result<Toleration, string> {
  const [keyValue, operator, ...effects] = token.split(",");
  if (keyValue === undefined || operator === undefined || !keyValue.includes("=")) {
    return err(`Invalid toleration ${repr(token)}: expected key=value,Operator[,Effect]`);
  }
  const eq = keyValue.indexOf("=");
  const key = keyValue.slice(0, eq);
  const value = keyValue.slice(eq + 1);
  if (!(OPERATORS as readonly string[]).includes(operator)) return err(`Invalid operator=${repr(operator)}`);
  if (effects.length > 1) return err(`Too many effects=[${effects.map(repr).join(", ")}]`);
  const effect = effects[0] ?? "";
  if (effect !== "" && !(EFFECTS as readonly string[]).includes(effect)) {
    return err(`Invalid effect=${repr(effect)}`);
  }
  if (operator === "Exists" && value !== "") {
    return err(`Invalid value=${repr(value)}: operator Exists takes no value`);
  }
  if (operator === "Equal" && key === "") return err(`Invalid key='': operator Equal needs a key`);
  if (key !== "" && !isQualifiedName(key)) return err(`Invalid key=${repr(key)}: not a Kubernetes qualified name ([prefix/]name)`);
  if (!isLabelValue(value)) return err(`Invalid value=${repr(value)}: not a Kubernetes label value`);
  // Key order as Kubernetes prints it: key, operator, value, effect.
  const op = operator as Toleration["operator"];
  const t: Toleration = key === "" ? { operator: op } : { key, operator: op };
  if (value !== "") t.value = value;
  if (effect !== "") t.effect = effect as NonNullable<Toleration["effect"]>;
  return ok(t);
}

/**
 * Parses a tolerations option value. `allowLegacy` accepts the CephFS legacy token
 * (only as the whole value).
 */
export function parseTolerations(
  raw: string,
  allowLegacy = false,
): Result<PodTolerations, string> {
  const text = raw.trim();
  if (allowLegacy && text === LEGACY_CEPHFS_TOLERATIONS) {
    return ok({ provisioner: [], nodeplugin: [{ operator: "Exists" }] });
  }
  const list: Toleration[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === "") continue;
    const r = parseToleration(token);
    if (!r.ok) return r;
    list.push(r.value);
  }
  return ok({ provisioner: list, nodeplugin: list.map((t) => ({ ...t })) });
}

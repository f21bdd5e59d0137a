/**
 * Keeping secrets out of what people read (status, logs, action output, errors): the one
 * redaction rule of the charm.
 *
 * Replaced by `<redacted>`:
 *  - cephx secrets as Ceph prints them (base64 of 28 bytes: 38 characters then "=="), anywhere;
 *  - any other run of 40 or more base64 characters that mixes upper-case, lower-case and digits
 *    (bearer tokens, certificates, keys in another encoding).
 * Names, paths, addresses, fsids and Kubernetes object names never look like that: they are
 * lower-case, or short.
 */

/** A cephx secret, whole (for validating relation data). */
export const CEPHX_KEY_PATTERN = "^[A-Za-z0-9+/]{38}==$";

const CEPHX_ANYWHERE = /[A-Za-z0-9+/]{38}==/g;
const LONG_BASE64 = /[A-Za-z0-9+/_-]{40,}={0,2}/g;

export function isCephxKey(value: string): boolean {
  return new RegExp(CEPHX_KEY_PATTERN).test(value);
}

export function redact(text: string): string {
  return text
    .replace(CEPHX_ANYWHERE, "<redacted>")
    .replace(LONG_BASE64, (run) => (/[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run) ? "<redacted>" : run));
}

/** The first non-empty line of `text`, trimmed and redacted, at most `max` characters. */
export function oneLine(text: string, max = 120): string {
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "";
  const clean = redact(line);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

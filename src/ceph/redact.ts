/** Keeping cephx secrets out of anything a human reads (status, logs, errors). */

/** A cephx secret as Ceph prints it: base64 of 28 bytes, 40 characters ending with "==". */
export const CEPHX_KEY_PATTERN = "^[A-Za-z0-9+/]{38}==$";

const KEY_ANYWHERE = /[A-Za-z0-9+/]{38}==/g;

export function isCephxKey(value: string): boolean {
  return new RegExp(CEPHX_KEY_PATTERN).test(value);
}

/** Replace everything that looks like a cephx key with "<redacted>". */
export function redactKeys(text: string): string {
  return text.replace(KEY_ANYWHERE, "<redacted>");
}

/** First non-empty line of `text`, keys redacted, at most `max` characters. */
export function summarize(text: string, max = 120): string {
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "";
  const clean = redactKeys(line);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** fast-check generators for hostile inputs: strings, addresses, JSON, keys. */
import fc from "fast-check";

/** Strings an operator or a broken remote charm might send, biased towards the nasty ones. */
export const NASTY_STRINGS: readonly string[] = [
  " ",
  "\t",
  "\n",
  "null",
  "undefined",
  "true",
  "false",
  "0",
  "-1",
  "1e999",
  "NaN",
  "[]",
  "{}",
  '{"a":',
  "[1,2",
  '"quoted"',
  "'single'",
  "\\",
  "$(reboot)",
  "`id`",
  "; rm -rf /",
  "../../etc/passwd",
  "%s%s%n",
  "{app}",
  "{nope}",
  "{",
  "}",
  "\u0000",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "ünïcödé",
  "💥🔥",
  "\ud800",
  "a".repeat(300),
  "line1\nline2",
  "key=value",
  "=",
  "-",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 150_000 }).map((n) => "x".repeat(n)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
);

/** Monitor address tokens that are odd, broken or borderline (some valid on purpose). */
export const ODD_ADDRESSES: readonly string[] = [
  "::1",
  "[::1]",
  "[::1]:6789",
  "fe80::1%eth0",
  "[fe80::1%eth0]:6789",
  "::ffff:10.0.0.1",
  "2001:db8::1:6789",
  "[2001:db8::1",
  "2001:db8::1]",
  "[[::1]]",
  ":::",
  "[::1]:0",
  "[::1]:65536",
  "[::1]:",
  "1.2.3.4:99999",
  "1.2.3.4:0",
  "1.2.3",
  "256.1.1.1",
  "10.0.0.1:",
  ":6789",
  "10.0.0.1,10.0.0.2",
  "10.0.0.1;10.0.0.2",
  "host_name",
  "-host",
  "host-",
  "a..b",
  "http://10.0.0.1:6789",
  "v2:10.0.0.1:3300/0",
  "[v2:10.0.0.1:3300,v1:10.0.0.1:6789]",
  "10.0.0.1 10.0.0.2",
  " 10.20.0.11 ",
  "10.20.0.11\n10.20.0.12",
];

export const oddAddress: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_ADDRESSES) },
  { weight: 1, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: fc.tuple(fc.ipV6(), fc.integer({ min: -5, max: 70_000 })).map(([ip, p]) => `[${ip}]:${p}`) },
  { weight: 1, arbitrary: fc.tuple(fc.ipV4Extended(), fc.integer({ min: -5, max: 70_000 })).map(([ip, p]) => `${ip}:${p}`) },
  { weight: 1, arbitrary: fc.domain() },
  { weight: 2, arbitrary: hostileString },
);

/** Things that look like cephx keys but are not, and some that are (a different, valid key). */
export const oddKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "AQ",
    "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA===",
    "AQAAAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAA==",
    "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-==",
    "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n",
  ),
  fc.uint8Array({ minLength: 28, maxLength: 28 }).map((b) => Buffer.from(b).toString("base64")),
  hostileString,
);

export const oddAuth: fc.Arbitrary<string> = fc.oneof(fc.constantFrom("none", "CEPHX", "cephx ", "kerberos", "cephx,none", "Cephx"), hostileString);

export const oddFeatures: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("-1", "1.5", "0x3d", "99999999999", "61 ", "6e1", "+61"),
  fc.nat({ max: 200 }).map(String),
  hostileString,
);

/** A broker response that is not JSON, not an object, of the wrong shape, or a failure. */
export const oddBrokerResponse = (requestId: string): fc.Arbitrary<string> =>
  fc.oneof(
    hostileString,
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.record({
      "exit-code": fc.oneof(fc.integer({ min: -3, max: 300 }), fc.string({ maxLength: 5 }), fc.constant(null), fc.double()),
      "request-id": fc.oneof(fc.constant(requestId), fc.string({ maxLength: 10 }), fc.integer()),
      stderr: fc.oneof(hostileString, fc.integer()),
    }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  );

/** MicroCeph's `ceph-mon-public-addresses`: bad JSON, wrong types, odd addresses. */
export const oddAddressList: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.array(oddAddress, { maxLength: 4 }).map((a) => JSON.stringify(a)),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }).map((a) => JSON.stringify(a)),
  fc.dictionary(fc.string({ maxLength: 5 }), oddAddress, { maxKeys: 2 }).map((a) => JSON.stringify(a)),
);

export const oddFsid: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c2",
    "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21-",
    "6c3e2b1aa6f111ef8f3e00163e5b7c21",
    "{6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21}",
    "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c2g",
    "../6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21",
  ),
  hostileString,
);

export const oddKubeletDir: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "var/lib/kubelet",
    "./kubelet",
    "/var/lib/../kubelet",
    "/var/lib/./kubelet",
    "/var/lib/kube let",
    "/var/lib/kubelet\n/etc",
    "//",
    "/",
    "/var/snap/microk8s/common/var/lib/kubelet/",
    "~/kubelet",
    "C:\\kubelet",
    "/var/lib/kübelet",
    `/${"d".repeat(5000)}`,
  ),
  fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }).map((p) => `/${p.join("/")}`),
  hostileString,
);

/** A valid cephx secret (28 random bytes, base64), drawn without fast-check's bias to small bytes. */
export const cephxKey: fc.Arbitrary<string> = fc.noBias(fc.uint8Array({ minLength: 28, maxLength: 28 })).map((b) => Buffer.from(b).toString("base64"));

/**
 * A value with a cephx key inside it (`text` before and after: long enough, sometimes, that a
 * status would shorten the value around the key). Returns the value and the key.
 */
export const withKeyInside = (text: fc.Arbitrary<string>): fc.Arbitrary<{ value: string; key: string }> =>
  fc.tuple(fc.oneof(text, fc.nat({ max: 8 }).map((n) => "10.20.0.11 ".repeat(n))), cephxKey, fc.oneof(text, fc.constantFrom("", " ", ":6789"))).map(([a, key, b]) => ({ value: `${a}${key}${b}`, key }));

/**
 * Stands in for @kubernetes/client-node's generated `gen/models/ObjectSerializer.js` in the charm
 * bundle (scripts/build.ts). The generated one carries a class for each of ~750 API models
 * (560 kB of code, tens of milliseconds to load in every hook that talks to the API) so that it
 * can turn JSON into model instances. The charm never wants instances: it registers a
 * pass-through serializer for every kind it reads or writes (src/kube/client.ts) and works on
 * plain JSON. Without the models every type is "unknown", which the library already handles by
 * passing the value through; what is left is choosing and applying a media type.
 *
 * The library's wrapper (dist/serializer.js) extends this class and calls the static methods
 * below; tests/unit/kube/typeless-serializer.test.ts checks that every static method the
 * library's client code calls exists here and answers as the generated one does for JSON.
 */

/** `type/subtype+suffix` → its parts (callers pass normalized media types). */
function mediaParts(mediaType: string): { type: string; subtype: string; subtypes: string[] } {
  const [type = "", subtype = ""] = mediaType.split("/");
  return { type, subtype, subtypes: subtype.split("+") };
}

const isApplication = (subtype: string) => (m: string) => {
  const parts = mediaParts(m);
  return parts.type === "application" && parts.subtype === subtype;
};
const isJson = isApplication("json");
const isJsonLike = (m: string) => {
  const { type, subtypes } = mediaParts(m);
  return type === "application" && subtypes.includes("json");
};
const isText = (m: string) => mediaParts(m).type === "text";
const isOctetStream = isApplication("octet-stream");
const isFormUrlencoded = isApplication("x-www-form-urlencoded");

/** The order in which a media type is preferred when several are offered. */
const PREFERENCE = [isJson, isJsonLike, isText, isOctetStream, isFormUrlencoded];

// biome-ignore lint/complexity/noStaticOnlyClass: the library extends this class and calls its statics.
export class ObjectSerializer {
  /** No model is known: the expected type stands. */
  static findCorrectType(_data: unknown, expectedType: string): string {
    return expectedType;
  }

  /** Plain JSON in, the same JSON out (a Date, which the charm never sends, as ISO text). */
  static serialize(data: unknown, _type?: string, _format?: string): unknown {
    return data instanceof Date ? data.toISOString() : data;
  }

  /** Plain JSON stays plain JSON. */
  static deserialize(data: unknown, _type?: string, _format?: string): unknown {
    return data;
  }

  static normalizeMediaType(mediaType: string | undefined): string | undefined {
    return mediaType === undefined ? undefined : (mediaType.split(";")[0] ?? "").trim().toLowerCase();
  }

  static getPreferredMediaType(mediaTypes: string[]): string {
    if (mediaTypes.length === 0) return "application/json";
    const normal = mediaTypes.map((m) => ObjectSerializer.normalizeMediaType(m) ?? "");
    for (const preferred of PREFERENCE) {
      const hit = normal.find((m) => m !== "" && preferred(m));
      if (hit !== undefined) return hit;
    }
    throw new Error(`None of the given media types are supported: ${mediaTypes.join(", ")}`);
  }

  static stringify(data: unknown, mediaType: string): string {
    if (isText(mediaType)) return String(data);
    if (isJsonLike(mediaType)) return JSON.stringify(data);
    throw new Error(`The mediaType ${mediaType} is not supported by ObjectSerializer.stringify.`);
  }

  static parse(rawData: string, mediaType: string | undefined): unknown {
    if (mediaType === undefined) throw new Error("Cannot parse content. No Content-Type defined.");
    if (isText(mediaType)) return rawData;
    if (isJsonLike(mediaType)) return JSON.parse(rawData) as unknown;
    throw new Error(`The mediaType ${mediaType} is not supported by ObjectSerializer.parse.`);
  }
}

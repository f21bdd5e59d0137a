/** Helpers shared by the fake-kube tests: HTTPS reads trusting a given CA. */
import https from "node:https";

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
export type Body = Record<string, any>;

/** GET over HTTPS, verifying the server against `ca`; answers the parsed JSON body. */
export function httpsGet(url: string, ca: string, token: string): Promise<Body> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () => {
          try {
            resolve(JSON.parse(text) as Body);
          } catch (e) {
            reject(e);
          }
        });
      })
      .on("error", reject);
  });
}

/** A Kubernetes object as the charm renders and applies it. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** The three manifests, as the Python charm names them (label juju.io/manifest). */
export type ManifestName = "config" | "rbd" | "cephfs";

export const LABEL_APP = "juju.io/application";
export const LABEL_MANIFEST = "juju.io/manifest";
export const LABEL_MANIFEST_VERSION = "juju.io/manifest-version";

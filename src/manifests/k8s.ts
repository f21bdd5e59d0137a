/** The small slice of Kubernetes types the renderer builds (shapes as the API takes them). */
import type { Toleration } from "../config/tolerations.ts";

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef: { fieldPath: string } };
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  mountPropagation?: string;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  args: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  securityContext?: Record<string, unknown>;
  volumeMounts?: VolumeMount[];
}

export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  configMap?: { name: string };
  emptyDir?: { medium?: string };
  projected?: { sources: unknown[] };
}

export interface PodSpec {
  serviceAccountName: string;
  priorityClassName?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  dnsPolicy?: string;
  affinity?: Record<string, unknown>;
  tolerations?: Toleration[];
  containers: Container[];
  volumes: Volume[];
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup: string;
}

export interface ServicePort {
  name: string;
  port: number;
  protocol: string;
  targetPort: number;
}

export interface CSIDriverSpec {
  attachRequired: boolean;
  podInfoOnMount: boolean;
  fsGroupPolicy: string;
  seLinuxMount: boolean;
}

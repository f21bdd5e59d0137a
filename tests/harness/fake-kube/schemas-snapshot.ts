/**
 * Schemas of snapshot.storage.k8s.io/v1 as the external-snapshotter CRDs (v8) define them:
 * required fields, enums and types. The CEL rules of those CRDs are in snapshots.ts.
 * Facts: VolumeSnapshotClass requires driver and deletionPolicy (Delete|Retain), parameters are
 * strings, and nothing in it is immutable; VolumeSnapshot requires spec.source;
 * VolumeSnapshotContent requires spec.deletionPolicy, driver, source and volumeSnapshotRef.
 */
import type { KindInfo } from "./kinds.ts";
import { arr, bool, free, int, kindSchema, obj, ref, type Schema, str, strMap, time } from "./schema-dsl.ts";

const deletionPolicy = str('What happens to the snapshot on the storage system when its VolumeSnapshot is deleted: "Delete" or "Retain".', {
  enum: ["Delete", "Retain"],
});

const snapshotError = obj("Last error while taking the snapshot.", { message: str("Error message."), time: time("When the error happened.") });

const FIELDS: Record<string, [string, Record<string, Schema>, string[]]> = {
  VolumeSnapshotClass: [
    "Parameters a CSI driver uses to take volume snapshots; named by VolumeSnapshots. Cluster-scoped.",
    {
      allowedTopologies: arr(free("matchLabelExpressions"), "Where snapshots of this class are usable (alpha)."),
      deletionPolicy,
      driver: str("Name of the CSI driver that takes snapshots of this class."),
      parameters: strMap("Driver-specific parameters, opaque to Kubernetes."),
    },
    ["deletionPolicy", "driver"],
  ],
  VolumeSnapshot: [
    "A user's request for a point-in-time snapshot of a PersistentVolumeClaim, or for binding to an existing snapshot.",
    {
      spec: obj(
        "What to snapshot.",
        {
          source: obj("Where the snapshot comes from; exactly one field, immutable.", {
            persistentVolumeClaimName: str("Claim to snapshot (same namespace)."),
            volumeSnapshotContentName: str("Pre-existing VolumeSnapshotContent to bind."),
          }),
          volumeSnapshotClassName: str("VolumeSnapshotClass to use; the driver's default class when unset; never empty."),
        },
        ["source"],
      ),
      status: obj("Progress, set by the snapshot controller.", {
        boundVolumeSnapshotContentName: str("The VolumeSnapshotContent bound."),
        creationTime: time("When the snapshot was taken."),
        error: snapshotError,
        readyToUse: bool("Whether the snapshot can be restored from."),
        restoreSize: str("Minimum size of a volume restored from it (quantity)."),
        volumeGroupSnapshotName: str("Group snapshot this snapshot is part of."),
      }),
    },
    ["spec"],
  ],
  VolumeSnapshotContent: [
    "A snapshot on the storage system. Cluster-scoped.",
    {
      spec: obj(
        "The snapshot and its binding.",
        {
          deletionPolicy,
          driver: str("CSI driver that took the snapshot."),
          source: obj("A volume to snapshot, or an existing snapshot; exactly one field, immutable.", {
            snapshotHandle: str("CSI snapshot_id of an existing snapshot."),
            volumeHandle: str("CSI volume_id to snapshot."),
          }),
          sourceVolumeMode: str('"Filesystem" or "Block"; immutable.'),
          volumeSnapshotClassName: str("VolumeSnapshotClass it was taken with."),
          volumeSnapshotRef: ref("io.k8s.api.core.v1.ObjectReference"),
        },
        ["deletionPolicy", "driver", "source", "volumeSnapshotRef"],
      ),
      status: obj("Progress, set by the CSI snapshotter.", {
        creationTime: int("When the snapshot was taken (Unix nanoseconds)."),
        error: snapshotError,
        readyToUse: bool("Whether the snapshot can be restored from."),
        restoreSize: { ...int("Size of the snapshot in bytes."), minimum: 0 },
        snapshotHandle: str("CSI snapshot_id."),
        volumeGroupSnapshotHandle: str("CSI group_snapshot_id."),
      }),
    },
    ["spec"],
  ],
};

export function snapshotSchema(k: KindInfo): Schema | undefined {
  const entry = FIELDS[k.kind];
  return entry && k.api === "snapshot" ? kindSchema(k, entry[0], entry[1], entry[2]) : undefined;
}

/** Kinds with a status subresource: status sent with the object itself is ignored. */
export const SNAPSHOT_STATUS_KINDS = new Set(["VolumeSnapshot", "VolumeSnapshotContent"]);

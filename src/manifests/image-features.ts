/** RBD image features from ceph-mon's `rbd-features` bitmask (librbd RBD_FEATURE_* bits). */
const FEATURE_BITS: readonly [number, string][] = [
  [1, "layering"],
  // 2 striping: not settable through ceph-csi (it has stripeUnit/stripeCount parameters instead)
  [4, "exclusive-lock"],
  [8, "object-map"],
  [16, "fast-diff"],
  [32, "deep-flatten"],
  [64, "journaling"],
  // 128 data-pool, 256 operations, 512 migrating, 1024 non-primary, 2048 dirty-cache: not image-create features for ceph-csi
];

/** Comma-separated ceph-csi `imageFeatures` for a bitmask; empty when none applies. */
export function imageFeaturesFromBits(bits: number): string {
  return FEATURE_BITS.filter(([bit]) => (bits & bit) !== 0)
    .map(([, name]) => name)
    .join(",");
}

locals {
  # The bases charmcraft.yaml builds the charm for.
  bases = ["ubuntu@22.04", "ubuntu@24.04", "ubuntu@26.04"]

  # The charm's options (config.yaml) by type; Juju takes every value as a string.
  config_options = {
    boolean = [
      "ceph-rbd-enable",
      "cephfs-enable",
      "create-namespace",
      "enable-host-networking",
    ]
    int = [
      "metrics-port-cephfsplugin",
      "metrics-port-cephfsplugin-provisioner",
      "metrics-port-rbdplugin",
      "metrics-port-rbdplugin-provisioner",
      "provisioner-replicas",
    ]
    secret = [
      "ceph-external",
    ]
    string = [
      "ceph-ext4-storage-class-name-formatter",
      "ceph-ext4-storage-class-parameters",
      "ceph-rbac-name-formatter",
      "ceph-rbd-tolerations",
      "ceph-xfs-storage-class-name-formatter",
      "ceph-xfs-storage-class-parameters",
      "cephfs-mounter",
      "cephfs-snapshot-class-name-formatter",
      "cephfs-storage-class-name-formatter",
      "cephfs-storage-class-parameters",
      "cephfs-tolerations",
      "csidriver-name-formatter",
      "default-reclaim-policy",
      "default-snapshot-class",
      "default-storage",
      "image-registry",
      "namespace",
      "rbd-snapshot-class-name-formatter",
      "release",
      "snapshot-deletion-policy",
    ]
  }
}

# The ceph-csi application: a subordinate, so it has no units, machines or constraints of its own;
# Juju puts one unit next to each unit of the principal it is integrated with on `kubernetes` or
# `kubernetes-info`, and refuses constraints ("subordinate application must be deployed without
# constraints").
resource "juju_application" "ceph_csi" {
  name       = var.app_name
  model_uuid = var.model_uuid

  charm {
    name     = "ceph-csi"
    channel  = var.channel
    revision = var.revision
    base     = var.base
  }

  config = var.config
}

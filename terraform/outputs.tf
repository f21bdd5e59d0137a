output "app_name" {
  description = "Name of the deployed application, for juju_integration's application.name."
  value       = juju_application.ceph_csi.name
}

output "provides" {
  description = "Endpoints the charm provides, by Terraform-friendly name (none: ceph-csi only requires)."
  value       = {}
}

output "requires" {
  description = "Endpoints the charm requires, by Terraform-friendly name (dashes as underscores), each mapped to its endpoint name for juju_integration's application.endpoint."
  value = {
    ceph            = "ceph"
    ceph_admin      = "ceph-admin"
    ceph_client     = "ceph-client"
    kubernetes      = "kubernetes"
    kubernetes_info = "kubernetes-info"
  }
}

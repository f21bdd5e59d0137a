output "app_name" {
  description = "Name of the deployed application."
  value       = juju_application.ceph_csi.name
}

output "provides" {
  description = "Endpoints the charm provides, by Terraform-friendly name."
  value       = {}
}

output "requires" {
  description = "Endpoints the charm requires, by Terraform-friendly name."
  value = {
    ceph            = "ceph"
    ceph_admin      = "ceph-admin"
    ceph_client     = "ceph-client"
    kubernetes      = "kubernetes"
    kubernetes_info = "kubernetes-info"
  }
}

variable "app_name" {
  description = "Name of the application in the Juju model."
  type        = string
  default     = "ceph-csi"
}

variable "base" {
  description = "Ubuntu base of the charm; it must be the base of the principal: kubernetes-control-plane on ubuntu@22.04 or ubuntu@24.04, k8s on ubuntu@24.04 or ubuntu@26.04."
  type        = string
  default     = "ubuntu@24.04"

  validation {
    condition     = contains(local.bases, var.base)
    error_message = "base must be one of ${join(", ", local.bases)}."
  }
}

variable "channel" {
  description = "Charmhub channel to deploy the charm from."
  type        = string
  default     = "latest/stable"
}

variable "config" {
  description = "Charm options (config.yaml), every value a string: booleans \"true\"/\"false\", integers in decimal. Options left out keep the charm's defaults."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.config) : contains(flatten(values(local.config_options)), k)])
    error_message = "config names an option ceph-csi does not have; see config.yaml."
  }

  validation {
    condition     = alltrue([for k, v in var.config : contains(["true", "false"], v) if contains(local.config_options.boolean, k)])
    error_message = "Boolean options of ceph-csi take \"true\" or \"false\"."
  }

  validation {
    condition     = alltrue([for k, v in var.config : can(regex("^-?[0-9]+$", v)) if contains(local.config_options.int, k)])
    error_message = "Integer options of ceph-csi take a decimal integer."
  }
}

variable "model_uuid" {
  description = "UUID of the Juju model to deploy into (e.g. juju_model.k8s.uuid, or data.juju_model.k8s.uuid)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.model_uuid))
    error_message = "model_uuid must be a model UUID (lowercase hex 8-4-4-4-12), not a model name."
  }
}

variable "revision" {
  description = "Charm revision to deploy; null takes the channel's current revision."
  type        = number
  default     = null
}

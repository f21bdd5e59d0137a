terraform {
  # 1.9: variable validations may refer to locals (the option lists in locals.tf).
  required_version = ">= 1.9"
  required_providers {
    juju = {
      source = "juju/juju"
      # 1.x and 2.x address models by UUID (model_uuid).
      version = ">= 1.0.0, < 3.0.0"
    }
  }
}

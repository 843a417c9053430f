include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "tfr:///terraform-google-modules/address/google?version=4.1.0"
}

inputs = {
  # The Ingress names it with kubernetes.io/ingress.global-static-ip-name.
  names        = ["${local.env.service}-${local.env.environment}-ip"]
  global       = true
  address_type = "EXTERNAL"
}

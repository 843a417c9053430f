include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "tfr:///terraform-google-modules/cloud-nat/google?version=5.3.0"
}

dependency "network" {
  config_path = "../network"

  mock_outputs = {
    network_name = "mock-network"
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

inputs = {
  name          = "${local.env.cluster_name}-nat"
  router        = "${local.env.cluster_name}-router"
  create_router = true
  network       = dependency.network.outputs.network_name
}

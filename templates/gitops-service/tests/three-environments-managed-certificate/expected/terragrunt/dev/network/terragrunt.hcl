include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "tfr:///terraform-google-modules/network/google?version=11.1.1"
}

inputs = {
  network_name = "${local.env.service}-${local.env.environment}"
  routing_mode = "REGIONAL"

  subnets = [
    {
      subnet_name           = "${local.env.cluster_name}-nodes"
      subnet_ip             = local.env.subnet_cidr
      subnet_region         = "us-central1"
      subnet_private_access = "true"
    },
  ]

  secondary_ranges = {
    "${local.env.cluster_name}-nodes" = [
      {
        range_name    = "pods"
        ip_cidr_range = local.env.pods_cidr
      },
      {
        range_name    = "services"
        ip_cidr_range = local.env.services_cidr
      },
    ]
  }
}

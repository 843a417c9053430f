include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "tfr:///terraform-google-modules/kubernetes-engine/google//modules/private-cluster?version=44.0.0"
}

dependency "network" {
  config_path = "../network"

  mock_outputs = {
    network_name  = "mock-network"
    subnets_names = ["mock-subnet"]
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

inputs = {
  name              = local.env.cluster_name
  regional          = true
  zones             = local.env.zones
  network           = dependency.network.outputs.network_name
  subnetwork        = dependency.network.outputs.subnets_names[0]
  ip_range_pods     = "pods"
  ip_range_services = "services"
  release_channel   = "STABLE"

  enable_private_nodes    = true
  enable_private_endpoint = false
  master_ipv4_cidr_block  = local.env.master_cidr
  master_authorized_networks = [
    {
      cidr_block   = "10.0.0.0/8"
      display_name = "authorized-1"
    },
  ]

  # Dataplane V2 enforces NetworkPolicies; the legacy network policy add-on stays off.
  datapath_provider = "ADVANCED_DATAPATH"
  network_policy    = false

  # Workload identity (<project>.svc.id.goog) is on by default in this module.
  identity_namespace = "enabled"

  # The control plane must reach webhooks and prometheus-adapter (6443).
  add_master_webhook_firewall_rules = true
  firewall_inbound_ports            = ["8443", "9443", "6443"]

  cluster_autoscaling = {
    enabled             = true
    autoscaling_profile = "OPTIMIZE_UTILIZATION"
    min_cpu_cores       = 2
    max_cpu_cores       = 64
    min_memory_gb       = 4
    max_memory_gb       = 256
    gpu_resources       = []
    auto_repair         = true
    auto_upgrade        = true
  }

  remove_default_node_pool = true
  node_pools = [
    {
      name               = "default"
      machine_type       = "e2-standard-4"
      min_count          = 1
      max_count          = 5
      initial_node_count = 1
      disk_size_gb       = 50
      auto_repair        = true
      auto_upgrade       = true
    },
  ]

  deletion_protection = true
}

# Environment staging: read by every unit below with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment  = "staging"
  service      = "podinfo"
  cluster_name = "podinfo-staging"
  zones        = ["europe-west2-a", "europe-west2-b", "europe-west2-c"]

  subnet_cidr   = "10.0.0.0/20"
  pods_cidr     = "10.100.0.0/16"
  services_cidr = "10.200.0.0/20"
  master_cidr   = "172.16.0.0/28"
}

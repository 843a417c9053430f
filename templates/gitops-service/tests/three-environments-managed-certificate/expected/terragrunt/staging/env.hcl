# Environment staging: read by every unit below with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment  = "staging"
  service      = "search"
  cluster_name = "search-staging"
  zones        = ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]

  subnet_cidr   = "10.1.0.0/20"
  pods_cidr     = "10.101.0.0/16"
  services_cidr = "10.201.0.0/20"
  master_cidr   = "172.16.1.0/28"
}

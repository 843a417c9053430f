# Environment dev: read by every unit below with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment  = "dev"
  service      = "search"
  cluster_name = "search-dev"
  zones        = ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]

  subnet_cidr   = "10.0.0.0/20"
  pods_cidr     = "10.100.0.0/16"
  services_cidr = "10.200.0.0/20"
  master_cidr   = "172.16.0.0/28"
}

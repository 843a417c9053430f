# Environment production: read by every unit below with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment  = "production"
  service      = "search"
  cluster_name = "search-production"
  zones        = ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]

  subnet_cidr   = "10.2.0.0/20"
  pods_cidr     = "10.102.0.0/16"
  services_cidr = "10.202.0.0/20"
  master_cidr   = "172.16.2.0/28"
}

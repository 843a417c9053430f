# Environment production: read by every unit below with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment  = "production"
  service      = "checkout"
  cluster_name = "shop-prod"
  zones        = ["europe-west1-b", "europe-west1-c", "europe-west1-d"]

  subnet_cidr   = "10.0.0.0/20"
  pods_cidr     = "10.100.0.0/16"
  services_cidr = "10.200.0.0/20"
  master_cidr   = "172.16.0.0/28"
}

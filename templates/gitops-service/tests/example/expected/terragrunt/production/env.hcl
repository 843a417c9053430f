# Environment production: read by every unit below with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment  = "production"
  service      = "podinfo"
  cluster_name = "podinfo-production"
  zones        = ["europe-west2-a", "europe-west2-b", "europe-west2-c"]

  subnet_cidr   = "10.1.0.0/20"
  pods_cidr     = "10.101.0.0/16"
  services_cidr = "10.201.0.0/20"
  master_cidr   = "172.16.1.0/28"
}

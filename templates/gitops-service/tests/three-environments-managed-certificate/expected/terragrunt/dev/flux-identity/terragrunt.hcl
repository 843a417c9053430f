# The Google service account Flux's kustomize-controller acts as (workload
# identity) to decrypt SOPS secrets with the environment's KMS key.
include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "tfr:///terraform-google-modules/kubernetes-engine/google//modules/workload-identity?version=44.0.0"
}

dependency "gke" {
  config_path = "../gke"

  mock_outputs = {
    name = "mock-cluster"
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

inputs = {
  name                = "flux-sops-${local.env.environment}"
  cluster_name        = dependency.gke.outputs.name
  location            = "us-central1"
  namespace           = "flux-system"
  k8s_sa_name         = "kustomize-controller"
  use_existing_k8s_sa = true
  annotate_k8s_sa     = false # flux-system/kustomization.yaml patches the annotation
  roles               = []
}

include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "tfr:///terraform-google-modules/kms/google?version=4.0.0"
}

dependency "flux_identity" {
  config_path = "../flux-identity"

  mock_outputs = {
    gcp_service_account_email = "flux-sops@mock.iam.gserviceaccount.com"
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

inputs = {
  location = "us-central1"
  keyring  = "${local.env.service}-${local.env.environment}"
  keys     = ["sops"]

  # roles/cloudkms.cryptoKeyDecrypter for Flux's service account only.
  set_decrypters_for = ["sops"]
  decrypters         = ["serviceAccount:${dependency.flux_identity.outputs.gcp_service_account_email}"]

  prevent_destroy = true
}

# Root configuration: every unit includes it with
# include "root" { path = find_in_parent_folders("root.hcl") }

locals {
  project_id = "drktrc-demo"
  region     = "europe-west2"
}

remote_state {
  backend = "gcs"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    project  = local.project_id
    location = local.region
    bucket   = "drktrc-demo-tfstate"
    prefix   = "${path_relative_to_include()}/terraform.tfstate"
  }
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOT
    terraform {
      required_version = ">= 1.6.0"
      required_providers {
        google = {
          source  = "hashicorp/google"
          version = "6.49.0"
        }
        google-beta = {
          source  = "hashicorp/google-beta"
          version = "6.49.0"
        }
      }
    }

    provider "google" {
      project = "${local.project_id}"
      region  = "${local.region}"
    }

    provider "google-beta" {
      project = "${local.project_id}"
      region  = "${local.region}"
    }
  EOT
}

inputs = {
  project_id = local.project_id
  region     = local.region
}

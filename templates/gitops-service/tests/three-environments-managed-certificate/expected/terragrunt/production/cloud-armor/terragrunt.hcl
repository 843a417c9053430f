include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "tfr:///GoogleCloudPlatform/cloud-armor/google?version=5.1.0"
}

inputs = {
  # The BackendConfig in apps/production/ingress.yaml names this policy.
  name                                 = "${local.env.service}-${local.env.environment}-armor"
  description                          = "Cloud Armor policy of ${local.env.service} (${local.env.environment})"
  type                                 = "CLOUD_ARMOR"
  default_rule_action                  = "allow"
  layer_7_ddos_defense_enable          = true
  layer_7_ddos_defense_rule_visibility = "STANDARD"

  pre_configured_rules = {
    "sqli_sensitivity_level_1" = {
      action            = "deny(403)"
      priority          = 1000
      target_rule_set   = "sqli-v33-stable"
      sensitivity_level = 1
    }
    "xss_sensitivity_level_1" = {
      action            = "deny(403)"
      priority          = 1001
      target_rule_set   = "xss-v33-stable"
      sensitivity_level = 1
    }
  }
}

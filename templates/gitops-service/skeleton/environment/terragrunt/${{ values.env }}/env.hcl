# Environment ${{ values.env }}: read by every unit below with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment  = "${{ values.env }}"
  service      = "${{ values.name }}"
  cluster_name = "${{ values.cluster.name }}"
  zones        = [{% for z in values.zones %}"${{ values.region }}-${{ z }}"{% if not loop.last %}, {% endif %}{% endfor %}]

  subnet_cidr   = "10.${{ values.envIndex }}.0.0/20"
  pods_cidr     = "10.${{ 100 + values.envIndex }}.0.0/16"
  services_cidr = "10.${{ 200 + values.envIndex }}.0.0/20"
  master_cidr   = "172.16.${{ values.envIndex }}.0/28"
}

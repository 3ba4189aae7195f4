project      = "nw"
suffix       = "k3x"
owner        = "team-northwind"
location     = "northeurope"
alert_emails = ["northwind-ops@example.com", "northwind-oncall@example.com"]
extra_tags = {
  cost_center = "cc-4410"
  criticality = "high"
}

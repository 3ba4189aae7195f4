project      = "nw"
suffix       = "k3x"
owner        = "team-northwind"
alert_emails = ["northwind-ops@example.com"]

env    = "prod"
owner  = "sam"
suffix = "q7"

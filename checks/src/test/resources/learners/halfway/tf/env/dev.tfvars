env    = "dev"
owner  = "sam"
suffix = "q7"

# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/azurerm" {
  version     = "4.44.0"
  constraints = ">= 4.44.0, < 5.0.0"
  hashes = [
    "h1:2/37SEmxmmRPPrnx8kDAaxQGirPXB11ahCbNmeVxYXU=",
    "zh:023f0b513568fe7d2f57eea64a9ec462df0ef96a56648af1faf6dcd571a1aa89",
    "zh:08496c3a8d0cb61eac46a9d3e8df3b4cb9d4d8277988df2aa06e3f15dff1cfa2",
    "zh:130e18171c64e626005b514910d30eb3a05c6524b65c70fb6f3ee90fef186c03",
    "zh:1826c0589882e1a93ccdbd1aeeb109288e72d8c68750c7d7d2b99a933abb46bd",
    "zh:40cd5a479e6624b126e3884c10bc1d851b0be67734f3365ce23f2c12fdd16db5",
    "zh:5d984fde0b78bfafc0a017f6de561ad34ad57b1fa5b71b0e27c11e83122aa381",
    "zh:66764e0dd0692881e4a34d9bf5efa61bb8f18f047b4bd2b791f86d244572a148",
    "zh:686609f8d20d09ee0fbb0a2512c28369f3d1961058df9dca2fdb5fde3c5bab70",
    "zh:722c8c4e81d9d4be81db5004961525917a11bf8f77933484359902130c76715b",
    "zh:a77bea1b8059c9926c7722ec7cfefdfc90c488a29cc59e2a3b55f77b89572ad7",
    "zh:af6d9b3d2ca0092fba5390c067e0d36099d5117fcd899508241fb9739dee717b",
    "zh:b65b2f345bcc859e9edc53d169b9429c9d8d72ed39aa572c93863799b69950a4",
    "zh:e22c78d209d3f4be78c0f83c7f71d12c3f4fbed30ebc10c14433d31aab6ca543",
    "zh:e9d869961e7c4d58282442a3f7815e50e79e6dfdb7037e119032cb16124891ef",
  ]
}

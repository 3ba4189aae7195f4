owner = "kestrel-devs"

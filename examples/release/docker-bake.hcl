variable "TAG" {
  default = "latest"
}

group "default" {
  targets = ["tool"]
}

target "base" {
  context    = "."
  dockerfile = "Dockerfile"
  args = {
    GO_VERSION = "1.22"
  }
}

target "tool" {
  inherits  = ["base"]
  platforms = ["linux/amd64", "linux/arm64", "linux/arm/v7"]
  tags      = ["example/tool:${TAG}"]
}

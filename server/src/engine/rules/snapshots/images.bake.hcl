group "default" {
  targets = ["api", "worker"]
}
target "_common" {
  args = {
    GO_VERSION = "1.23"
    TARGETARCH = "amd64"
  }
}
target "api" {
  inherits = ["_common"]
  dockerfile = "build/api.Dockerfile"
  platforms = ["linux/amd64", "linux/arm64"]
}
target "worker" {
  inherits = ["_common"]
  context = "worker"
  platforms = ["linux/amd64", "linux/arm/v6"]
}

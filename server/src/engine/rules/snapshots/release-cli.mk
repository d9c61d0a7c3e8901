VERSION ?= $(shell git describe --tags --always)
LDFLAGS := -s -w -X main.version=$(VERSION)
PLATFORMS := linux/amd64 linux/arm64 linux/arm darwin/arm64 windows/amd64
GOFLAGS = -trimpath -ldflags=-s -w
CGO_ENABLED = 1

.PHONY: release
release:
	@for p in $(PLATFORMS); do \
		GOOS=$${p%/*} GOARCH=$${p#*/} go build -ldflags "$(LDFLAGS)" -o dist/cli-$${p%/*}-$${p#*/} ./cmd/cli; \
	done

linux-arm:
	GOOS=linux GOARCH=arm GOARM=8 go build -o dist/cli-armv8 ./cmd/cli

static:
	CGO_ENABLED=1 go build -ldflags '-linkmode external -extldflags "-static"' -o dist/cli-static ./cmd/cli

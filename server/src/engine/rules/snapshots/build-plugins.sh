#!/bin/sh
# Builds the plugin host for the Raspberry Pi fleet and the x86 servers.
set -eu

GOOS=linux
GOARCH=arm64
export CGO_ENABLED=1

go build -buildmode=plugin -o dist/plugins/metrics.so ./plugins/metrics
GOARCH=x86_64 go build -o dist/host-amd64 ./cmd/host
GOOS=linux GOARCH=arm GOARM=v7 go build -o dist/host-armv7 ./cmd/host

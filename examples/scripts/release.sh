#!/usr/bin/env bash
# Builds the CLI for every platform we publish.
set -euo pipefail

VERSION="${VERSION:-dev}"
mkdir -p dist

GOOS=linux GOARCH=amd64 go build -o "dist/cli-${VERSION}-linux-amd64" ./cmd/cli
GOOS=linux GOARCH=arm/v7 go build -o "dist/cli-${VERSION}-linux-armv7" ./cmd/cli
GOOS=windows GOARCH=amd64 go build -o "dist/cli-${VERSION}-windows-amd64.exe" ./cmd/cli
GOOS=darwin GOARCH=arm64 go build -o "dist/cli-${VERSION}-darwin-arm64" ./cmd/cli

# syntax=docker/dockerfile:1
# API server image, published for linux/amd64 and linux/arm64 by the release workflow.
ARG GO_VERSION=1.23
ARG TARGETARCH=amd64

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOARCH=amd64 go build -trimpath -ldflags="-s -w" -o /out/api ./cmd/api
RUN go build -o /out/migrate ./cmd/migrate

FROM --platform=$TARGETPLATFORM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
COPY --from=build /out/migrate /migrate
USER nonroot
ENTRYPOINT ["/api"]

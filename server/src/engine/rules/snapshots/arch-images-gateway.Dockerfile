FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build
ARG TARGETOS TARGETARCH TARGETVARIANT
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/gateway ./cmd/gateway

FROM --platform=linux/arm64 alpine:3.20 AS runtime-arm64
COPY --from=build /out/gateway /gateway

FROM arm32v7/alpine:3.20 AS runtime-armv7
COPY --from=build /out/gateway /gateway

FROM --platform=linux/arm64 debian:bookworm-slim AS graviton
COPY --from=build /out/gateway /usr/local/bin/gateway
RUN GOARCH=amd64 go version || true

FROM amd64/alpine:3.20
COPY --from=build /out/gateway /gateway
ENTRYPOINT ["/gateway"]

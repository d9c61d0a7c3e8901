# Agent image: cross-compiled on the builder, shipped for every platform buildx is asked for.
FROM --platform=$BUILDPLATFORM golang:1.24 AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/agent ./cmd/agent
RUN CGO_ENABLED=0 go build -o /out/agentctl ./cmd/agentctl

FROM --platform=linux/amd64 golang:1.24 AS tools
RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1

FROM --platform=$BUILDPLATFORM alpine:3.20 AS runtime
RUN apk add --no-cache ca-certificates
COPY --from=build /out/agent /usr/local/bin/agent
COPY --from=build /out/agentctl /usr/local/bin/agentctl
ENTRYPOINT ["agent"]

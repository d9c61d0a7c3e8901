ARG GO_VERSION=1.22
ARG TARGETOS
ARG TARGETARCH
ARG BUILD_TAGS=netgo

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY . .
ENV GOOS=${TARGETOS:-linux}
RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -tags "$BUILD_TAGS" -o /out/worker ./cmd/worker
RUN GOARCH=${TARGETARCH:-amd64} go build -o /out/healthcheck ./cmd/healthcheck

FROM ${RUNTIME_IMAGE:-alpine:3.20}
COPY --from=build /out/worker /usr/local/bin/worker
COPY --from=build /out/healthcheck /usr/local/bin/healthcheck
ENTRYPOINT ["worker"]

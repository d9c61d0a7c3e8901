ARG TARGETPLATFORM=linux/amd64
ARG BUILDPLATFORM
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETOS=linux TARGETARCH="arm64" TARGETVARIANT=
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} go build -o /out/exporter .

FROM --platform=$TARGETPLATFORM busybox:1.36 AS runtime
COPY --from=build /out/exporter /bin/exporter
ENTRYPOINT ["/bin/exporter"]

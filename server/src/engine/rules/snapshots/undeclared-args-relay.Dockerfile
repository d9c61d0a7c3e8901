# Relay service: global args declared once at the top, used below without redeclaring them.
ARG VERSION=1.4.2
ARG GOPROXY=https://proxy.golang.org
ARG GO_VERSION

FROM --platform=$BUILDPLATFORM golang:1.22 AS build
WORKDIR /src
ENV GOOS=$TARGETOS \
    APP_ARCH=$TARGETARCH \
    GOARM=${TARGETVARIANT#v}
COPY . .
RUN echo "building $VERSION for $APP_ARCH in $HOME with $GOPROXY" && \
    GOARCH=${TARGETARCH:-} go build -ldflags "-X main.version=$VERSION" -o /out/relay ./cmd/relay
RUN GOARCH=${TARGETARCH=arm64} GOOS=${TARGETOS:-linux} go build -o /out/relayctl ./cmd/relayctl
RUN GOAMD64=$GO_VERSION go vet ./...

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/relay /relay
ENTRYPOINT ["/relay"]

# Reverse proxy: the builder stage runs natively, but nobody told go which platform to build for.
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/proxy ./cmd/proxy
RUN cd tools/certgen && CGO_ENABLED=0 go build -o /out/certgen .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/proxy /proxy
COPY --from=build /out/certgen /usr/local/bin/certgen
ENTRYPOINT ["/proxy"]

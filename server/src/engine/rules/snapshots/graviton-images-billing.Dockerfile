# Two images from one file: `--target amd64` for the x86 fleet, `--target graviton` for the arm64 one.
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/billing ./cmd/billing
RUN CGO_ENABLED=0 go build -o /out/reconcile ./cmd/reconcile

FROM --platform=linux/amd64 alpine:3.20 AS amd64
COPY --from=build /out/billing /usr/local/bin/billing
ENTRYPOINT ["billing"]

FROM --platform=linux/arm64 alpine:3.20 AS graviton
COPY --from=build /out/billing /usr/local/bin/billing
COPY --from=build /out/reconcile /usr/local/bin/reconcile
ENTRYPOINT ["billing"]

FROM --platform=linux/arm/v7 alpine:3.20 AS edge
COPY --from=build /out/billing /usr/local/bin/billing

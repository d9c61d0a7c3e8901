# One Dockerfile, one image per fleet: `docker build --target <fleet>`.
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
ENV SENSOR_ARCH=arm64
RUN CGO_ENABLED=0 GOARCH=386 go build -o /out/sensor-legacy ./cmd/sensor
RUN CGO_ENABLED=0 GOARCH=arm GOARM=7 go build -o /out/sensor-pi ./cmd/sensor
RUN CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -o /out/sensor.exe ./cmd/sensor
RUN CGO_ENABLED=0 GOARCH=arm64 go build -o /out/sensor-arm64 ./cmd/sensor
RUN CGO_ENABLED=0 GOARCH=$SENSOR_ARCH go build -o /out/sensor-edge ./cmd/sensor

FROM --platform=linux/amd64 debian:bookworm-slim AS legacy
COPY --from=build /out/sensor-legacy /usr/local/bin/sensor
COPY --from=build /out/sensor.exe /opt/sensor.exe

FROM --platform=linux/arm/v6 alpine:3.20 AS pi-zero
COPY --from=build /out/sensor-pi /usr/local/bin/sensor

FROM --platform=linux/amd64 alpine:3.20 AS bundle
COPY --from=build /out/sensor-arm64 /opt/arm64/sensor

FROM --platform=linux/amd64 alpine:3.20 AS edge
COPY --from=build /out/sensor-edge /usr/local/bin/sensor

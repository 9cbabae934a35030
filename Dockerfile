# yr for CI jobs: the static x86_64 Linux build, its CA bundle and nothing else (no shell, no libc, no package
# manager). Suites are mounted at /suites, the working directory:
#
#   docker build -t yr .
#   docker run --rm -v "$PWD/smoke:/suites" -e YR_ENDPOINT -e YR_JWT_TOKEN yr test *.toml ...   # see docs/install.md
#
# (there is no shell to expand `*.toml` in the image: name the files, or let your shell expand them on the host with
# paths relative to the mounted folder). tests/ship.rs runs the binary as this image does: an empty root holding
# only /yr, /etc/hosts and the CA bundle.

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
# `cargo release-static` (.cargo/config.toml): glibc linked in, so the binary needs nothing from the image. yr does
# not look up users or hosts through NSS (hosts come from /etc/hosts and DNS, as getaddrinfo's static fallback).
RUN cargo release-static && cp target/x86_64-unknown-linux-gnu/release/yr /yr && /yr --version

FROM debian:bookworm-slim AS certificates
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*

FROM scratch
COPY --from=certificates /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /yr /yr
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
WORKDIR /suites
VOLUME ["/suites"]
ENTRYPOINT ["/yr"]
CMD ["--help"]

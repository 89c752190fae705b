# Dereja: build with the Rust toolchain, run from a small Debian image as a non-root user.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin dereja

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin dereja \
    && mkdir -p /data && chown dereja:dereja /data
COPY --from=build /src/target/release/dereja /usr/local/bin/dereja
USER dereja
WORKDIR /data
# The SQLite file lives here; mount a volume to keep it across container restarts.
VOLUME ["/data"]
ENV DATABASE_URL=sqlite:///data/dereja.db
ENTRYPOINT ["dereja"]
CMD ["run"]

# Dereja: built with the Rust toolchain, run from a small Debian image as a non-root user.
# cargo-chef builds the dependencies in their own layer, so a change to Dereja's code rebuilds only Dereja.
FROM rust:1.95-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version ^0.1
WORKDIR /src

FROM chef AS plan
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS build
COPY --from=plan /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json --bin dereja
COPY . .
RUN cargo build --release --locked --bin dereja

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin dereja \
    && mkdir -p /data && chown dereja:dereja /data
COPY --from=build /src/target/release/dereja /usr/local/bin/dereja
USER dereja
WORKDIR /data
# The SQLite file lives here; mount a volume to keep it across container restarts.
VOLUME ["/data"]
ENV DATABASE_URL=sqlite:///data/dereja.db
# /healthz, /readyz and /metrics; publish the port only to your monitoring, not to the internet.
ENV DEREJA_LISTEN=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dereja"]
CMD ["run"]

# Daily Papers in a container, built on the self-contained archive (no JDK in the image: the archive carries a
# jlink runtime). Build the archive first, then the image:
#   ./mvnw -DskipTests package            # makes target/daily-papers-dist.tar.gz
#   docker build -t daily-papers .
#   docker run -p 8080:8080 -v papers:/var/lib/papers daily-papers
# PostgreSQL: add -e PAPERS_DB=jdbc:postgresql://HOST:5432/papers -e PAPERS_DB_USER=... -e PAPERS_DB_PASSWORD=...
# Probes: GET /healthz (alive) and /readyz (ready for readers) on port 8080 (the image has no curl: probe from
# outside, as Kubernetes or a load balancer does).
# `docker stop` sends SIGTERM: requests in flight finish, background work stops, exit 0 (give it --time 30).
# BASE: any Debian-like image with glibc; scripts/test-docker makes one with debootstrap where no registry is reachable.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN useradd --system --home-dir /var/lib/papers --create-home papers
ADD target/daily-papers-dist.tar.gz /opt/
ENV PAPERS_HOME=/var/lib/papers
USER papers
VOLUME /var/lib/papers
EXPOSE 8080
ENTRYPOINT ["/opt/daily-papers/bin/papers"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]

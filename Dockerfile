# salesbot: one image, three roles (web, worker, listener), chosen by the command argument.
#   docker build -t salesbot .
#   docker run salesbot migrate                  # once per release, before the others
#   docker run -e SALESBOT_ROL=worker salesbot worker   # SALESBOT_ROL tells the health check
# docker-compose.yml runs the whole system (docs/setup.md).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/static \
    # Tesseract on one thread per call: with its default threading each call is 3-4x slower
    # on small machines, with identical output; the worker runs calls side by side instead.
    OMP_THREAD_LIMIT=1

# Tesseract with its Spanish model (the OCR reads `spa+eng`).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-spa fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 salesbot \
    && useradd --system --uid 10001 --gid salesbot --home-dir /app --no-create-home salesbot

WORKDIR /app
COPY requirements.txt requirements-nodeps.txt ./
COPY scripts/install-requirements.sh scripts/
RUN scripts/install-requirements.sh python requirements.txt

COPY --chown=root:root . .
# Static files are collected at build time and served by WhiteNoise: the root filesystem can
# be read-only at run time. The key below exists only for this build step.
# The bytecode too: at run time nothing may be written next to the code (and the health
# checks, a fresh `manage.py salud` every 30 s, start faster).
RUN SECRET_KEY=collectstatic-only DEBUG=false SALESBOT_ENV_FILES=none \
    python manage.py collectstatic --noinput -v0 \
    && python -m compileall -q /app \
    && mkdir -p /data/media && chown salesbot:salesbot /data/media

USER 10001:10001
VOLUME ["/data/media"]
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]

# CLP Desk: one image for the web server, the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango and HarfBuzz; fonts for the PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock
COPY . .
# collectstatic reads settings; these values exist only for this build step.
RUN DEBUG=false SECRET_KEY=collectstatic-build-step-only-not-used-at-run-time-0123456789 \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 clp && mkdir -p /var/lib/clp-desk && chown clp /var/lib/clp-desk
USER clp
EXPOSE 8000
CMD ["gunicorn", "clp.wsgi:application", "--config", "gunicorn.conf.py"]

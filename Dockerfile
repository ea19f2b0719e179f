# The production image: one image, several commands (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # Run the project from /app (templates, static and manage.py live beside the code), not from
    # the copy `pip install .` puts in site-packages.
    PYTHONPATH=/app \
    DJANGO_ENV=production

WORKDIR /app
RUN groupadd --system helpdesk \
    && useradd --system --gid helpdesk --home-dir /app --no-create-home --shell /usr/sbin/nologin helpdesk

# Dependencies in their own layer, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY . .
RUN pip install --no-deps . \
    # Collected at build time with throwaway settings: nothing here reaches a database or a secret.
    && SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost HELPDESK_VAR_DIR=/app/var \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /data/media \
    && chown -R helpdesk:helpdesk /app/var /data/media

USER helpdesk
EXPOSE 8000 8001
CMD ["gunicorn", "helpdesk.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

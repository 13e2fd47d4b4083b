"""WSGI entry point: ``gunicorn 'binc_web.wsgi:app'``."""

from binc_web import create_app

app = create_app()

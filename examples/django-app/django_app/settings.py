"""Settings read from the variables paas-init gives (the same as paas-charm's django-framework)."""
import json
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = json.loads(os.environ.get("DJANGO_DEBUG", "false"))
ALLOWED_HOSTS = json.loads(os.environ.get("DJANGO_ALLOWED_HOSTS", "[]"))

# User options arrive as DJANGO_<OPTION>; JSON-typed ones (booleans, ints) are decoded.
TOKEN = os.environ.get("DJANGO_TOKEN")
GREETING_ENABLED = json.loads(os.environ.get("DJANGO_GREETING_ENABLED", "false"))
PAGE_SIZE = json.loads(os.environ.get("DJANGO_PAGE_SIZE", "20"))
API_TOKEN_KEYS = sorted(k for k in os.environ if k.startswith("DJANGO_API_TOKEN_"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "notes",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "django_app.urls"
WSGI_APPLICATION = "django_app.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("POSTGRESQL_DB_NAME"),
        "USER": os.environ.get("POSTGRESQL_DB_USERNAME"),
        "PASSWORD": os.environ.get("POSTGRESQL_DB_PASSWORD", ""),
        "HOST": os.environ.get("POSTGRESQL_DB_HOSTNAME"),
        "PORT": os.environ.get("POSTGRESQL_DB_PORT", "5432"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
USE_TZ = True

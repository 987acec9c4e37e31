import hashlib
import html

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse, JsonResponse

from notes.models import MigrationNote, Visit


def state():
    with transaction.atomic():
        Visit.objects.filter(pk=1).update(n=F("n") + 1)
        visits = Visit.objects.get(pk=1).n
    return {
        "token": settings.TOKEN,
        "greeting_enabled": settings.GREETING_ENABLED,
        "page_size": settings.PAGE_SIZE,
        "api_token_keys": settings.API_TOKEN_KEYS,
        "migration_note": MigrationNote.objects.order_by("id").first().note,
        "visits": visits,
        "secret_key_sha256": hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:12],
    }


def status_json(request):
    return JsonResponse(state())


def index(request):
    s = state()
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in s.items())
    greeting = "<h1>Hello from Django under paas-init</h1>" if s["greeting_enabled"] else ""
    return HttpResponse(f"<!doctype html><title>django-app</title>{greeting}<table>{rows}</table>")

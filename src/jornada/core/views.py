from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jornada.core.selectors import health_read


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: 200 when the database answers and a worker is alive."""
    health = health_read()
    body = {
        "status": "ok" if health.ok else "degraded" if health.database else "down",
        "database": "ok" if health.database else "down",
        "workers": {
            "alive": health.workers_alive,
            "last_heartbeat": health.last_heartbeat.isoformat() if health.last_heartbeat else None,
        },
        "outbox": {"pending": health.deliveries_pending, "dead": health.deliveries_dead},
        "timers": {"overdue": health.timers_overdue},
    }
    return JsonResponse(body, status=200 if health.ok else 503)

from django.conf import settings
from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, str]:
    return {"organisation_name": settings.ORGANISATION_NAME}

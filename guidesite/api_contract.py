"""The public API's contract: ``openapi.yaml`` beside this module, served as JSON at
``/api/schema/`` and as a page listing its operations at ``/api/docs/`` (docs/api.md).

The document is written by hand, not generated: it is the promise the tests hold the views to
(tests/test_api_contract.py), so a view that answers differently fails a test rather than
changing the contract unnoticed.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

DOCUMENT = Path(__file__).resolve().parent / "openapi.yaml"
METHODS = ("get", "post", "put", "patch", "delete")


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document, read once per process."""
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def operations() -> list[dict[str, Any]]:
    """Each operation of the document, in its order, as the docs page lists it."""
    found = []
    for path, item in document()["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "id": operation.get("operationId", ""),
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                        "body": "requestBody" in operation,
                        "statuses": sorted(operation.get("responses", {})),
                    }
                )
    return found


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in parameter:
        name = parameter["$ref"].rsplit("/", 1)[-1]
        parameter = document()["components"]["parameters"][name]
    return {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": parameter.get("required", False),
        "description": parameter.get("description", ""),
    }


@require_GET
def schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False})


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    info = document()["info"]
    return render(request, "guidesite/api_docs.html", {"info": info, "operations": operations()})

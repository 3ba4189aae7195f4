"""Northwind backend: health, readiness, items on Postgres, Prometheus metrics, JSON logs."""
import json
import logging
import sys
import time
from datetime import datetime, timezone

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pydantic import BaseModel, Field

from . import db


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.now(timezone.utc).isoformat(),
            "level": record.levelname.lower(),
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        return json.dumps(line)


handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(JsonFormatter())
logging.basicConfig(level=logging.INFO, handlers=[handler])
log = logging.getLogger("northwind")

# Named under the service's own namespace (northwind_...), as the platform's Prometheus scrapes more
# than one HTTP service; prometheus_client adds _total to the counter. fullchain.yaml maps both names.
LABELS = ["method", "handler", "code"]
REQUESTS = Counter("http_requests", "HTTP requests", LABELS, namespace="northwind")
LATENCY = Histogram("http_request_duration_seconds", "HTTP request latency", LABELS, namespace="northwind",
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0))

app = FastAPI(title="northwind backend")


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


@app.middleware("http")
async def observe(request: Request, call_next):
    started = time.perf_counter()
    response = await call_next(request)
    route = request.scope.get("route")
    template = getattr(route, "path", "unmatched")
    labels = (request.method, template, str(response.status_code))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(time.perf_counter() - started)
    log.info("request", extra={"fields": {"method": request.method, "path": request.url.path,
                                          "status": response.status_code,
                                          "request_id": request.headers.get("x-request-id", "")}})
    return response


@app.on_event("startup")
def startup() -> None:
    db.create_schema()


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.get("/readyz")
def readyz():
    try:
        db.ping()
    except Exception:
        return JSONResponse(status_code=503, content={"status": "not ready"})
    return {"status": "ready"}


@app.get("/metrics", include_in_schema=False)
def metrics():
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@app.get("/api/items")
def list_items():
    return db.list_items()


@app.post("/api/items", status_code=201)
def create_item(item: ItemIn):
    return db.insert_item(item.name)


@app.get("/api/items/{item_id}")
def get_item(item_id: int):
    item = db.get_item(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="no such item")
    return item


@app.delete("/api/items/{item_id}", status_code=204)
def delete_item(item_id: int):
    if not db.delete_item(item_id):
        raise HTTPException(status_code=404, detail="no such item")
    return Response(status_code=204)

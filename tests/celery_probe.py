"""A Celery app with one task, for tests/test_serve.py: serve.py's worker part runs it
(IZHI_CELERY_APP=celery_probe) until the job layer's worker.py is there. It is a real
worker on the stack's Redis, only with nothing of the dashboard to import."""

import os

from celery import Celery

app = Celery("celery_probe", broker=os.environ["REDIS_URL"], backend=os.environ["REDIS_URL"])
app.conf.broker_connection_retry_on_startup = True


@app.task
def echo(text: str) -> str:
    return text

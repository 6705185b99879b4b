"""gunicorn settings for eISO: `gunicorn -c deploy/gunicorn.conf.py eiso.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = 1
timeout = 60
graceful_timeout = 30
# Recycling workers keeps each under the memory target whatever a long report allocated.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

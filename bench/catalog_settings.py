"""Settings of the catalog benchmark's server: the project's settings plus a hello-world view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.catalog_urls"

"""API of the cooperatives app, mounted under /api/v1/: the request and response shapes in
``schemas``, the operations in ``handlers``."""

from berdaya.cooperatives.api.handlers import router

__all__ = ["router"]

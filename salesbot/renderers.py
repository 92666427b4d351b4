"""The response renderer of the API endpoints (REST_FRAMEWORK in settings).

DRF writes JSON as UTF-8 text, and its refusals quote what was sent ("\ud800" no es una opción
válida). A lone surrogate is valid in JSON text but not in UTF-8, so a refusal quoting one
failed to encode: a 500 for a body the endpoint should have answered with a 400. Such an answer
is written with ASCII escapes instead, valid JSON whatever it quotes; every other answer keeps
its accents as they are.
"""

from __future__ import annotations

from rest_framework import renderers


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            self.ensure_ascii = True  # a renderer serves one response
            return super().render(data, accepted_media_type, renderer_context)

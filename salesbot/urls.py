from django.contrib import admin
from django.urls import path

from integrations.mattermost.commands import SlashCommandView
from integrations.mattermost.views import button_click, dialog_submission, outgoing_webhook
from integrations.nocodb.views import MetaWebhookView
from salesbot.middleware import drops_nul_itself
from salesbot.views import health

admin.site.site_header = "salesbot · administración de ventas"
admin.site.site_title = "salesbot"
admin.site.index_title = "Ventas, revisiones y metas"

urlpatterns = [
    path("health", health, name="health"),
    path("mattermost/webhook", outgoing_webhook, name="mattermost-webhook"),
    path(
        "mattermost/command",
        drops_nul_itself(SlashCommandView.as_view()),
        name="mattermost-command",
    ),
    path("mattermost/accion", button_click, name="mattermost-accion"),
    path("mattermost/dialogo", dialog_submission, name="mattermost-dialogo"),
    path("nocodb/webhook", MetaWebhookView.as_view(), name="nocodb-webhook"),
    path("admin/", admin.site.urls),
]

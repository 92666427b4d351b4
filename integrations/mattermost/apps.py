from django.apps import AppConfig


class MattermostConfig(AppConfig):
    name = "integrations.mattermost"
    label = "mattermost"
    verbose_name = "Mattermost"

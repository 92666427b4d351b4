"""AppError, the JSON error body every Mattermost handler writes (UTIL; HAND; I18N)."""

from dataclasses import dataclass, field
from typing import Any

# English texts of the ids the stand-in can raise; {{.Name}} placeholders filled from params.
MESSAGES: dict[str, str] = {
    "api.context.session_expired.app_error": "Invalid or expired session, please login again.",
    "api.context.token_provided.app_error": (
        "Session is not OAuth but token was provided in the query string."
    ),
    "api.context.invalid_url_param.app_error": (
        "Invalid or missing {{.Name}} parameter in request URL."
    ),
    "api.context.invalid_body_param.app_error": "Invalid or missing {{.Name}} in request body.",
    "api.context.invalid_param.app_error": "Invalid {{.Name}} parameter.",
    "api.context.404.app_error": "Sorry, we could not find the page.",
    "api.context.permissions.app_error": "You do not have the appropriate permissions.",
    "api.post.create_post.root_id.app_error": "Invalid RootId parameter.",
    "api.post.deduplicate_create_post.pending": (
        "Rejected post since another client is making the same request."
    ),
    "model.post.is_valid.message_length.app_error": (
        "Message property is longer than the maximum permitted length."
    ),
    "model.post.is_valid.file_ids.app_error": "Invalid file ids.",
    "app.post.get.app_error": "Unable to get post.",
    "api.post.do_action.action_id.app_error": "Invalid action id.",
    "api.post.do_action.action_integration.app_error": "Action integration error.",
    "interactive_message.decode_trigger_id.base64_decode_failed": (
        "Failed to decode base64 for trigger ID for interactive dialog."
    ),
    "interactive_message.decode_trigger_id.missing_data": (
        "Trigger ID missing required data for interactive dialog."
    ),
    "interactive_message.decode_trigger_id.expired": (
        "Trigger ID for interactive dialog is expired. Trigger IDs live for a maximum of "
        "{{.Duration}}."
    ),
    "interactive_message.decode_trigger_id.base64_decode_failed_signature": (
        "Failed to decode base64 signature of trigger ID for interactive dialog."
    ),
    "interactive_message.decode_trigger_id.verify_signature_failed": (
        "Signature verification failed of trigger ID for interactive dialog."
    ),
    "app.channel.get.existing.app_error": "Unable to find the existing channel.",
    "api.file.get_file_preview.no_preview.app_error": "File doesn't have a preview image.",
    "api.file.get_file_thumbnail.no_thumbnail.app_error": "File doesn't have a thumbnail image.",
    "app.submit_interactive_dialog.decode_json_error": (
        "Encountered an error decoding JSON response from interactive dialog."
    ),
    "app.submit_interactive_dialog.invalid_response": "Invalid response from interactive dialog.",
    "app.post.save.app_error": "Unable to save the post.",
    "app.channel.get_by_name.missing.app_error": "Channel does not exist.",
    "api.channel.create_direct_channel.invalid_user.app_error": (
        "Invalid user ID for direct channel creation."
    ),
    "api.file.upload_file.incorrect_number_of_files.app_error": (
        "Unable to upload files. Incorrect number of files specified."
    ),
    "app.user.missing_account.const": "Unable to find the user.",
    "api.file.get_file_info.app_error": "Unable to get the file info.",
    "app.file_info.get.app_error": "Unable to get the file info.",
    "api.file.upload_file.storage.app_error": (
        "Unable to upload file. Image storage is not configured."
    ),
    "api.reaction.save_reaction.invalid.app_error": "Reaction is not valid.",
    "api.reaction.save_reaction.user_id.app_error": (
        "You are not allowed to save reaction for the other user."
    ),
    "model.reaction.is_valid.emoji_name.app_error": "Invalid emoji name.",
    "app.reaction.save.save.too_many_reactions": "Reaction limit has been reached for this post.",
    "app.reaction.save.save.app_error": "Unable to save reaction.",
    "api.command.execute_command.app_error": "Unable to execute command.",
    "api.command.execute_command.not_found.app_error": (
        "Command with a trigger of '{{.Trigger}}' not found. To send a message beginning with"
        ' "/", try adding an empty space at the beginning of the message.'
    ),
    "api.command.execute_command.failed.app_error": (
        "Command with a trigger of '{{.Trigger}}' failed."
    ),
    "api.command.execute_command.failed_empty.app_error": (
        "Command with a trigger of '{{.Trigger}}' returned an empty response."
    ),
    "api.command.execute_command.failed_resp.app_error": (
        "Command with a trigger of '{{.Trigger}}' returned response {{.Status}}."
    ),
    "api.command.execute_command.create_post_failed.app_error": (
        "Command '{{.Trigger}}' failed to post response. Please contact your System Administrator."
    ),
    "api.command.execute_command.site_url_required.app_error": (
        "SiteURL must be set to execute custom slash commands."
    ),
    "api.command.disabled.app_error": "Commands have been disabled by the system admin.",
    "api.command.command_post.forbidden.app_error": (
        "Specified user is not a member of specified channel."
    ),
    "app.command_webhook.get.missing": "Unable to find the webhook.",
    "app.command_webhook.try_use.invalid": "Invalid use.",
    "app.command_webhook.handle_command_webhook.parse": "Unable to parse incoming data.",
    "web.command_webhook.parse.app_error": "Unable to parse incoming data.",
    "api.web_socket_router.no_action.app_error": "No websocket action.",
    "api.web_socket_router.bad_seq.app_error": "Invalid sequence for WebSocket message.",
    "api.web_socket_router.not_authenticated.app_error": (
        "Connection is not authenticated. Please log in and try again."
    ),
    "api.web_socket_router.bad_action.app_error": "Unknown action.",
    "api.context.server_busy.app_error": (
        "Server is busy, non-critical services are temporarily unavailable."
    ),
}


def render_message(error_id: str, params: dict[str, Any] | None = None) -> str:
    text = MESSAGES.get(error_id, error_id)
    for key, value in (params or {}).items():
        text = text.replace("{{." + key + "}}", str(value))
    return text


@dataclass
class AppError(Exception):
    """Raised by handlers; rendered by the error middleware with the request id."""

    error_id: str
    status: int
    params: dict[str, Any] = field(default_factory=dict)
    detailed: str = ""

    def __str__(self) -> str:
        return f"{self.status} {self.error_id}"

    def body(self, request_id: str = "", *, developer: bool = False) -> dict[str, Any]:
        # detailed_error is wiped unless EnableDeveloper, but the key always stays (HAND).
        data: dict[str, Any] = {
            "id": self.error_id,
            "message": render_message(self.error_id, self.params),
            "detailed_error": self.detailed if developer else "",
        }
        if request_id:
            data["request_id"] = request_id
        data["status_code"] = self.status
        return data


def invalid_url_param(name: str) -> AppError:
    return AppError("api.context.invalid_url_param.app_error", 400, {"Name": name})


def invalid_body_param(name: str) -> AppError:
    return AppError("api.context.invalid_body_param.app_error", 400, {"Name": name})


def forbidden() -> AppError:
    return AppError("api.context.permissions.app_error", 403)


def session_expired() -> AppError:
    return AppError("api.context.session_expired.app_error", 401)

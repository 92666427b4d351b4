"""Interactive messages, dialogs and the uploaded image they show (CONTRACT §8;
docs/mattermost-interactive.md): the integration stays server-side, a click reaches the
integration URL with the server's fields and its answer overwrites the post as Mattermost does,
a trigger id opens a dialog for its user only and expires, a submission is forwarded."""

import base64
import json

from tests.mattermost_standin import World
from tests.standin.helpers import WsClient

CONTEXTO = {"venta": "42", "firma": "abc", "ronda": "1"}


def tarjeta(w: World, url: str, *, action_id: str = "aprobar", files=()) -> dict:
    """A bot post with one button whose integration points at `url`."""
    props = {
        "attachments": [
            {
                "text": "Venta #42",
                "actions": [
                    {
                        "id": action_id,
                        "type": "button",
                        "name": "Aprobar",
                        "integration": {"url": url, "context": CONTEXTO},
                    },
                    {"type": "button", "name": "Sin id", "integration": {"url": url}},
                ],
            }
        ]
    }
    return w.bot_client.post(w.gerencia, "Venta #42 para revisión", props=props, files=files)


def test_the_integration_never_reaches_a_client_and_empty_ids_are_filled(
    mattermost_world: World, receiver
):
    w = mattermost_world
    creado = tarjeta(w, receiver.url)
    for visto in (creado, w.bot_client.get_post(creado), w.mm.post_api(creado["id"])):
        acciones = visto["props"]["attachments"][0]["actions"]
        assert all("integration" not in a for a in acciones)
        assert acciones[0]["id"] == "aprobar"
        assert len(acciones[1]["id"]) == 26


def test_a_click_sends_the_servers_fields_and_applies_the_update(mattermost_world: World, receiver):
    w = mattermost_world
    creado = tarjeta(w, receiver.url, files=[("ticket.png", b"\x89PNG\r\n\x1a\n")])
    [file_id] = creado["file_ids"]
    receiver.reply_json(
        {
            "update": {"message": "Venta #42: aprobada", "props": {"from_bot": "true"}},
            "ephemeral_text": "Aprobaste la venta #42.",
        }
    )
    with WsClient.open(w.mm.url, w.admin.token) as ws:
        respuesta = w.admin_client.click(creado, "aprobar")
        assert respuesta.status_code == 200
        assert respuesta.json()["status"] == "OK"
        assert len(respuesta.json()["trigger_id"]) == 26
        editado = ws.recv_event("post_edited")
        efimero = ws.recv_event("ephemeral_message")
    [pedido] = receiver.requests
    body = pedido.json()
    assert (body["user_id"], body["user_name"], body["post_id"]) == (
        w.admin.id,
        "admin",
        creado["id"],
    )
    assert (body["channel_name"], body["team_domain"], body["type"]) == (
        "gerencia",
        "acme",
        "button",
    )
    assert body["context"] == CONTEXTO
    assert "Authorization" not in pedido.headers
    assert pedido.headers["User-Agent"] == "Mattermost-Bot/1.1"
    post = w.mm.get_post(creado["id"])
    assert post.message == "Venta #42: aprobada"
    assert post.file_ids == []  # left out of the update: the image goes (§8.3)
    assert w.mm.file_info(file_id).delete_at > 0
    assert json.loads(editado["data"]["post"])["message"] == "Venta #42: aprobada"
    aviso = json.loads(efimero["data"]["post"])
    assert (aviso["user_id"], aviso["type"]) == (w.admin.id, "system_ephemeral")


def test_an_update_without_props_keeps_the_buttons_and_with_file_ids_keeps_the_image(
    mattermost_world: World, receiver
):
    w = mattermost_world
    creado = tarjeta(w, receiver.url, files=[("ticket.png", b"\x89PNG\r\n\x1a\n")])
    receiver.reply_json({"update": {"message": "otra vez", "file_ids": creado["file_ids"]}})
    assert w.admin_client.click(creado, "aprobar").status_code == 200
    post = w.mm.get_post(creado["id"])
    assert post.file_ids == creado["file_ids"]
    assert post.props["attachments"][0]["actions"][0]["integration"]["url"] == receiver.url
    assert post.props["from_bot"] == "true"  # props absent: kept as they were


def test_a_failing_integration_is_a_400_with_no_side_effects(mattermost_world: World, receiver):
    w = mattermost_world
    creado = tarjeta(w, receiver.url)
    receiver.reply_json({"update": {"message": "no"}}, status=500)
    respuesta = w.admin_client.click(creado, "aprobar")
    assert respuesta.status_code == 400
    assert respuesta.json()["id"] == "api.post.do_action.action_integration.app_error"
    assert w.mm.get_post(creado["id"]).message == "Venta #42 para revisión"


def test_unknown_actions_and_ids_with_underscores(mattermost_world: World, receiver):
    w = mattermost_world
    creado = tarjeta(w, receiver.url, action_id="con_guion")
    assert w.admin_client.click(creado, "otra").status_code == 404
    assert w.admin_client.click(creado, "con_guion").status_code == 404  # route: [A-Za-z0-9]+
    assert receiver.requests == []


def test_a_trigger_opens_a_dialog_for_its_user_and_the_submission_is_forwarded(
    mattermost_world: World, receiver
):
    w = mattermost_world
    creado = tarjeta(w, receiver.url)
    receiver.reply_json({})
    trigger = None
    with WsClient.open(w.mm.url, w.admin.token) as ws:
        w.admin_client.click(creado, "aprobar")
        trigger = receiver.requests[0].json()["trigger_id"]
        dialogo = {"callback_id": "rechazo", "title": "Rechazar", "state": "42.x", "elements": []}
        abierto = w.bot_client.request(
            "POST",
            "/actions/dialogs/open",
            json={"trigger_id": trigger, "url": receiver.url, "dialog": dialogo},
        )
        assert abierto.status_code == 200
        evento = ws.recv_event("open_dialog")
    assert json.loads(evento["data"]["dialog"])["dialog"]["callback_id"] == "rechazo"
    [abierta] = w.mm.opened_dialogs(w.admin)
    receiver.reply_json({"errors": {"razon": "Escribe la razón."}})
    enviado = w.admin_client.submit_dialog(
        abierta, {"razon": ""}, channel_id=w.gerencia.id, team_id=w.team.id
    )
    assert enviado.status_code == 200
    assert enviado.json() == {"errors": {"razon": "Escribe la razón."}}
    body = receiver.requests[-1].json()
    assert (body["type"], body["user_id"], body["state"]) == (
        "dialog_submission",
        w.admin.id,
        "42.x",
    )
    assert "url" not in body


def test_a_forged_or_garbled_trigger_is_refused(mattermost_world: World, receiver):
    w = mattermost_world
    dialogo = {"callback_id": "x", "title": "x", "elements": []}

    def abrir(trigger: str) -> str:
        respuesta = w.bot_client.request(
            "POST",
            "/actions/dialogs/open",
            json={"trigger_id": trigger, "url": receiver.url, "dialog": dialogo},
        )
        assert respuesta.status_code == 400
        return respuesta.json()["id"]

    assert abrir("no es base64!").endswith("base64_decode_failed")
    assert abrir(base64.b64encode(b"solo:dos").decode()).endswith("missing_data")
    falsa = base64.b64encode(f"a:{w.admin.id}:99999999999999:".encode() + b"AAAA").decode()
    assert abrir(falsa).endswith("verify_signature_failed")
    vieja = base64.b64encode(f"a:{w.admin.id}:1000:AAAA".encode()).decode()
    assert abrir(vieja).endswith("expired")


def test_an_images_preview_and_thumbnail_are_typed_jpeg_and_a_text_file_has_none(
    mattermost_world: World,
):
    w = mattermost_world
    [png] = w.bot_client.upload(w.gerencia, [("ticket.png", b"\x89PNG\r\n\x1a\n")])
    [texto] = w.bot_client.upload(w.gerencia, [("nota.txt", b"hola")])
    for kind in ("preview", "thumbnail"):
        imagen = w.bot_client.request("GET", f"/files/{png['id']}/{kind}")
        assert (imagen.status_code, imagen.headers["Content-Type"]) == (200, "image/jpeg")
        nada = w.bot_client.request("GET", f"/files/{texto['id']}/{kind}")
        assert nada.status_code == 400
        assert nada.json()["id"] == f"api.file.get_file_{kind}.no_{kind}.app_error"

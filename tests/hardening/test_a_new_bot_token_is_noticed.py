"""Switching the bot token (another bot account) or MATTERMOST_URL on the same database: the
stored identity is not trusted, reactions and direct messages go out as the new bot."""

import pytest

from integrations.mattermost import bot
from integrations.mattermost.models import IdentidadBot
from sales.models import AvisoMattermost, Venta
from tests.e2e.test_receipt_checks import sell

pytestmark = pytest.mark.django_db(transaction=True)


def reactions_by(mm, post, user) -> list[str]:
    return [r.emoji_name for r in mm.mm.reactions(post["id"]) if r.user_id == user.id]


@pytest.fixture
def second_bot(mm):
    nuevo = mm.mm.add_user("salesbot2", is_bot=True, teams=[mm.team])
    mm.mm.add_channel_member(mm.ventas, nuevo)
    return nuevo


def test_a_new_token_is_not_taken_for_the_old_bot(mm, hook, worker, settings, second_bot):
    sell(mm)
    worker()
    assert IdentidadBot.objects.get().user_id == mm.bot.id
    settings.MATTERMOST_BOT_TOKEN = second_bot.token  # same database, another bot account
    bot.forget()  # as a restarted process would start
    assert bot.user_id() == second_bot.id
    post = sell(mm, message="@monto 200 @cliente Eva @tubos 1")
    worker()
    assert reactions_by(mm, post, second_bot) == ["warning"]  # the fake ticket reads 1,500
    assert not AvisoMattermost.objects.filter(estado="abandonado").exists()


def test_a_reaction_refused_as_not_the_sessions_user_re_reads_the_identity(
    mm, hook, worker, settings, second_bot
):
    sell(mm)
    worker()
    # The stored identity matches the configured token, yet the token is another account's.
    settings.MATTERMOST_BOT_TOKEN = second_bot.token
    IdentidadBot.objects.update(huella=bot.fingerprint(), user_id=mm.bot.id)
    bot.forget()
    post = sell(mm, message="@monto 300 @cliente Luis @tubos 1")
    worker()
    assert IdentidadBot.objects.get().user_id == second_bot.id
    assert reactions_by(mm, post, second_bot) == ["warning"]  # the fake ticket reads 1,500
    assert Venta.objects.count() == 2
    assert not AvisoMattermost.objects.filter(estado="abandonado").exists()

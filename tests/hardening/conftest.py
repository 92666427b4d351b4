from tests.helpers.mesa import (  # noqa: F401
    claves_rapidas,
    como_revisor,
    revisor,
)

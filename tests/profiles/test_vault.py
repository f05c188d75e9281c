"""The profiles' secrets in the keyring: one entry per profile and field, and no plaintext fallback."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from keyring.backends import fail, null

from zyntro_nb._errors import ConfigurationError
from zyntro_nb._profiles.vault import SERVICE, delete_secrets, get_secret, set_secret, stored_fields
from zyntro_nb._secret import Secret


def test_each_secret_is_one_entry_of_the_zyntro_nb_service(memory_keyring: Any) -> None:
    set_secret("acme", "api_key", "UYUJH-1")
    set_secret("acme", "developer_secret", Secret("zdk_abc"))
    assert memory_keyring.entries == {(SERVICE, "acme/api_key"): "UYUJH-1",
                                      (SERVICE, "acme/developer_secret"): "zdk_abc"}


def test_a_secret_comes_back_as_a_self_redacting_value(memory_keyring: Any) -> None:
    set_secret("acme", "api_key", "UYUJH-123456")
    found = get_secret("acme", "api_key")
    assert isinstance(found, Secret) and found.reveal() == "UYUJH-123456"
    assert "123456" not in repr(found)


def test_deleting_removes_both_entries_and_is_idempotent(memory_keyring: Any) -> None:
    set_secret("acme", "api_key", "UYUJH-1")
    delete_secrets("acme")
    delete_secrets("acme")
    assert memory_keyring.entries == {} and stored_fields("acme") == ()


@pytest.fixture(params=[fail.Keyring, null.Keyring], ids=["no-backend", "null-backend"])
def unusable_keyring(request: pytest.FixtureRequest) -> Any:
    before = keyring.get_keyring()
    keyring.set_keyring(request.param())
    yield
    keyring.set_keyring(before)


@pytest.mark.parametrize("action", [
    lambda: set_secret("acme", "api_key", "UYUJH-1"),
    lambda: get_secret("acme", "api_key"),
    lambda: delete_secrets("acme"),
], ids=["store", "read", "delete"])
def test_without_a_usable_backend_every_action_names_the_fix(unusable_keyring: None, action: Any) -> None:
    with pytest.raises(ConfigurationError) as caught:
        action()
    assert "no usable keyring" in caught.value.message
    assert "keyrings.alt" in caught.value.fix and "ZYNTRO_" in caught.value.fix

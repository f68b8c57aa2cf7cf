import httpx
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError, ServiceRequestError

from acs_identity._errors import error_from_response
from acs_identity.cli._errors import SECRETS, CliError, describe, one_line


def test_redacts_registered_secrets_and_anything_token_shaped() -> None:
    SECRETS.add("super-secret-access-key")
    text = "key super-secret-access-key token eyJhbGciOi.eyJzdWIiOiJ4In0.c2lnbmF0dXJl accesskey=abc;x"
    redacted = SECRETS.redact(text)
    assert "super-secret-access-key" not in redacted
    assert "eyJhbGciOi" not in redacted
    assert "accesskey=***" in redacted


def test_short_strings_are_not_registered() -> None:
    SECRETS.add("a")
    assert SECRETS.redact("a cat") == "a cat"


def test_one_line() -> None:
    assert one_line("a\n  b\tc ") == "a b c"


def test_describe_not_found_names_the_subject() -> None:
    response = httpx.Response(
        404,
        json={"error": {"code": "IdentityNotFound", "message": "The identity was not found."}},
        request=httpx.Request("DELETE", "http://x/identities/u"),
    )
    error = error_from_response(response)
    assert isinstance(error, ResourceNotFoundError)
    assert (
        describe(error, subject="user u")
        == "user u not found (404 IdentityNotFound: The identity was not found.)"
    )


def test_describe_other_errors_are_one_line() -> None:
    assert "\n" not in describe(HttpResponseError("boom\nsecond line"))
    assert describe(ServiceRequestError("refused")).startswith("cannot reach the service")
    assert describe(CliError("plain")) == "plain"
    assert describe(ValueError("bad")).startswith("invalid input")

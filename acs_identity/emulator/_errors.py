"""The service's error shape: {"error": {"code", "message", "target"?}} with an HTTP status."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        target: str | None = None,
        headers: tuple[tuple[bytes, bytes], ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.headers = headers

    def with_headers(self, *headers: tuple[bytes, bytes]) -> ApiError:
        return ApiError(self.status, self.code, self.message, self.target, self.headers + headers)

    def body(self) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code, "message": self.message}
        if self.target is not None:
            error["target"] = self.target
        return {"error": error}


def validation_error(message: str, target: str) -> ApiError:
    return ApiError(400, "ValidationError", message, target)


def denied(message: str) -> ApiError:
    return ApiError(401, "Denied", message)


IDENTITY_NOT_FOUND = ("IdentityNotFound", "Provided identity doesn't exist.")
IDENTITY_NOT_OWNED = ("IdentityNotOwned", "Provided identity doesn't belong to the resource.")
INVALID_ACCESS_TOKEN = ("InvalidAccessToken", "Provided access token is not valid.")
ASSIGNMENT_NOT_FOUND = ("AssignmentNotFound", "Provided assignment doesn't exist.")

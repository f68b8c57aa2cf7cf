from enum import StrEnum


class TeamsExtensionPrincipalType(StrEnum):
    RESOURCEACCOUNT = "resourceAccount"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)

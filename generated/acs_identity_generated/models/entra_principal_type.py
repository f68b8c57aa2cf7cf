from enum import StrEnum


class EntraPrincipalType(StrEnum):
    GROUP = "group"
    TENANT = "tenant"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)

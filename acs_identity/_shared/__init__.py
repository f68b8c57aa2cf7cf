"""Modules at the paths Microsoft's package has them (``azure.communication.identity._shared.*``), so code that
imports those works after replacing the package name: ``models`` (identifiers), ``utils`` (connection strings,
tokens), ``user_credential`` and ``user_credential_async`` (CommunicationTokenCredential)."""

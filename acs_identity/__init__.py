"""acs-identity: a typed client for the Azure Communication Services Identity API."""

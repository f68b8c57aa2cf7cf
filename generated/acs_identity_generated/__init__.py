"""A client library for accessing Azure Communication Services Identity

The wire contract, generated: api/<tag>/<operation>.py build requests and parse responses; models/ holds the bodies."""

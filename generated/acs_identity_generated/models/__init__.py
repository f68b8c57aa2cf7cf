"""The request and response bodies, one module each (import from the module: this package imports nothing,
so an operation loads only the models it uses)."""

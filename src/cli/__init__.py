"""The ``flowdesk`` command line: one module per command group."""

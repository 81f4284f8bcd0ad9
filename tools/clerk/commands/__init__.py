"""The CLI's commands, one module per command group; clerk.cli assembles them under `clerk`.

A command parses its options, calls the domain and prints: what the domain code returns, never
what it would print. Shared pieces (the App, loading the records, times given as options) are in
`common`; the ballot group's shared options and helpers in `ballot`.
"""

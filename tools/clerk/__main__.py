from clerk.cli import entry

entry()

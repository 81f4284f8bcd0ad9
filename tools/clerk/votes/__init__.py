"""Votes where the members are: ``/vote`` comments on a ballot's vote issue, recorded by Clerk.

- ``command``: reading a ``/vote`` command out of a comment (pure);
- ``judge``: which comments are valid votes, what each invalid one is told, what the record
  gains (pure);
- ``texts``: the vote issue's title and body, the running tally comment, the replies (pure);
- ``sync``: one run against GitHub: reconcile the vote issues, record the votes, react, reply,
  and keep the tally comment up to date.
"""

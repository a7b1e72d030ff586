"""Writes for evaluations.

- ``templates``: evaluation templates built from a framework.
- ``evaluations``: making an evaluation and saving ratings (supervisor and self).
- ``workflow``: the transition table and every state change.
- ``notifications``: emails, each sent once.
"""

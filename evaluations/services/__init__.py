"""Writes for evaluations.

- ``templates``: evaluation templates built from a framework.
- ``evaluations``: making an evaluation and saving ratings (supervisor and self).
- ``workflow``: the transition table and every state change.
- ``pdf``: exporting an evaluation as PDF through a Celery task.
- ``notifications``: emails, each sent once.
"""

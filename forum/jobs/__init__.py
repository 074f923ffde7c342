"""Background jobs: work that must not hold a request (email delivery, a large forum's
digest, search reindexing, archive imports).

Every job is a row of the `jobs` table, written by `actions.enqueue` in the caller's
transaction, so a job exists exactly when the change that asked for it was committed. Who
runs it depends on the backend (queue.py): with Redis (FORUM_REDIS_URL), the job's id is
pushed to an RQ queue after the commit and RQ workers run it; without Redis, `forum worker`
claims due rows from the table itself, as the mail worker claims the outbox. Either way the
run is the same (worker.execute): claim the row, run the kind's task (tasks.py), record the
outcome; a failure is retried with a growing wait, and after JOB_MAX_ATTEMPTS the job is
kept as failed for the Secretariat to see (/jobs) and retry.
"""

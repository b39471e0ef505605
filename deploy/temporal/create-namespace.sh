#!/bin/sh
# One-shot job (temporalio/admin-tools), once the server is up: creates Lethe's namespace when it is
# missing and registers the search attributes Lethe's workflows upsert. Every step is idempotent, so the
# job runs on every `docker compose up`. The search attributes must match
# src/workflows/search-attributes.ts (test/unit/deployment.test.ts checks it).
# POSIX sh: the admin-tools image is not guaranteed to carry bash.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${NAMESPACE:-lethe}"
# Closed erasures (and their certificates, as results) stay readable this long.
RETENTION="${NAMESPACE_RETENTION:-720h}"
ATTEMPTS="${TEMPORAL_HEALTH_CHECK_MAX_ATTEMPTS:-60}"
PAUSE="${TEMPORAL_HEALTH_CHECK_SLEEP_SECONDS:-5}"

# An open port is not a serving frontend: wait for the gRPC health check to say SERVING.
attempt=1
until temporal operator cluster health --address "$ADDRESS"; do
  if [ "$attempt" -ge "$ATTEMPTS" ]; then
    echo "Temporal at $ADDRESS was not healthy after $ATTEMPTS attempts" >&2
    exit 1
  fi
  echo "waiting for Temporal at $ADDRESS ($attempt/$ATTEMPTS)"
  attempt=$((attempt + 1))
  sleep "$PAUSE"
done

if temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $NAMESPACE exists"
else
  temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION"
  echo "namespace $NAMESPACE created (retention $RETENTION)"
fi

# Re-running with the same types succeeds; a name registered with another type fails the job, loudly.
# A namespace created a moment ago may not be in the frontend's namespace cache yet (it refreshes about
# every 10 s), hence the retries.
register() {
  temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
    --name LetheStatus --type Keyword \
    --name LetheDeadline --type Datetime \
    --name LethePlatforms --type KeywordList \
    --name LetheNeedsAttention --type Bool
}
attempt=1
until register; do
  if [ "$attempt" -ge 12 ]; then
    echo "could not register Lethe's search attributes in $NAMESPACE" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep "$PAUSE"
done
echo "search attributes registered in $NAMESPACE"

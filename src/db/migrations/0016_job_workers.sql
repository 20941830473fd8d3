-- Background jobs run on pg-boss (its own schema `pgboss`, created and migrated by pg-boss when
-- the server starts). pg-boss gives a job that was running when its process died back only once
-- the job's expiry passes; these two tables let a dead instance's jobs be retried within seconds:
-- every instance writes a heartbeat, records which jobs it holds, and any instance that finds a
-- heartbeat gone stale fails that instance's jobs back to pg-boss, which retries them.

CREATE TABLE IF NOT EXISTS job_instances (
  instance_id uuid PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS job_claims (
  job_id uuid NOT NULL,
  -- The pg-boss queue of the job.
  queue text NOT NULL,
  instance_id uuid NOT NULL REFERENCES job_instances (instance_id) ON DELETE CASCADE,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, queue)
);
CREATE INDEX IF NOT EXISTS job_claims_instance_idx ON job_claims (instance_id);

ALTER TABLE job_instances ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_claims ENABLE ROW LEVEL SECURITY;

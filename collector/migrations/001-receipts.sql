-- One row per distinct receipt (docs/reference.md §13). Nothing about the visitor's connection is
-- kept: no IP address, no user agent; only what the browser put in the receipt, and when it came.
create table receipts (
  seq bigserial primary key,
  consent_id text not null,
  decided_at timestamptz not null,
  received_at timestamptz not null default now(),
  digest text not null unique,
  receipt jsonb not null
);

-- A visitor's history, oldest first; exports and the retention purge by date.
create index receipts_by_consent_id on receipts (consent_id, decided_at, seq);
create index receipts_by_date on receipts (decided_at, seq);

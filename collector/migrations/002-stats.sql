-- What GET /stats counts (docs/reference.md §13), kept as it goes so that it never reads every
-- receipt: receipts per UTC day, manifest version, region ('' when none) and purposes granted and
-- refused. Each INSERT into receipts adds one row per such group it wrote, and each DELETE (the
-- retention purge) the same with a negative count, so that two services writing at once never
-- update the same row, nor wait for each other. The service merges the rows of one group now and
-- then; until it does, a group is the sum of its rows.
create table consentry_stats_days (
  day date not null,
  version integer not null,
  region text not null,
  purposes jsonb not null,
  n bigint not null
);
create index consentry_stats_days_by_day on consentry_stats_days (day);

create function consentry_stats_added() returns trigger language plpgsql as $$
begin
  insert into consentry_stats_days (day, version, region, purposes, n)
  select (decided_at at time zone 'UTC')::date, (receipt->>'version')::integer, coalesce(receipt->>'region', ''), receipt->'purposes', count(*)
  from added group by 1, 2, 3, 4;
  return null;
end $$;

create function consentry_stats_removed() returns trigger language plpgsql as $$
begin
  insert into consentry_stats_days (day, version, region, purposes, n)
  select (decided_at at time zone 'UTC')::date, (receipt->>'version')::integer, coalesce(receipt->>'region', ''), receipt->'purposes', -count(*)
  from removed group by 1, 2, 3, 4;
  return null;
end $$;

-- The triggers come first: they lock out writers until this migration commits, so that no receipt
-- is written between the count of those already there and the first count kept.
create trigger consentry_stats_added after insert on receipts
  referencing new table as added for each statement execute function consentry_stats_added();
create trigger consentry_stats_removed after delete on receipts
  referencing old table as removed for each statement execute function consentry_stats_removed();

insert into consentry_stats_days (day, version, region, purposes, n)
select (decided_at at time zone 'UTC')::date, (receipt->>'version')::integer, coalesce(receipt->>'region', ''), receipt->'purposes', count(*)
from receipts group by 1, 2, 3, 4;

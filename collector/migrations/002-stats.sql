-- What GET /stats counts (docs/reference.md §13), kept as receipts come so that it never reads
-- them all. A shape is one manifest version and one set of purposes granted and refused: a
-- site has a few dozen. consentry_stats_days counts the receipts of each UTC day, region ('' when
-- none) and shape. Each INSERT into receipts adds one row per group it wrote, and each DELETE (the
-- retention purge) the same with a negative count, so that two services writing at once never
-- update the same row, nor wait for each other. The service merges the rows of a group now and
-- then; until it does, a group is the sum of its rows.
create table consentry_stats_shapes (
  id integer generated always as identity primary key,
  version integer not null,
  -- The purposes' digest keeps the unique index small however many purposes a manifest has.
  digest text not null,
  purposes jsonb not null,
  unique (version, digest)
);

create table consentry_stats_days (
  day date not null,
  region text not null,
  shape integer not null references consentry_stats_shapes (id),
  n bigint not null
);
create index consentry_stats_days_by_day on consentry_stats_days (day);

create function consentry_stats_added() returns trigger language plpgsql as $$
begin
  -- In digest order, so that two writers adding the same new shapes never wait for each other in a cycle.
  insert into consentry_stats_shapes (version, digest, purposes)
  select distinct (receipt->>'version')::integer, md5((receipt->'purposes')::text), receipt->'purposes' from added
  order by 1, 2
  on conflict do nothing;
  insert into consentry_stats_days (day, region, shape, n)
  select (counted.decided_at at time zone 'UTC')::date, coalesce(counted.receipt->>'region', ''), shape.id, count(*)
  from added counted join consentry_stats_shapes shape
    on shape.version = (counted.receipt->>'version')::integer and shape.digest = md5((counted.receipt->'purposes')::text)
  group by 1, 2, 3;
  return null;
end $$;

create function consentry_stats_removed() returns trigger language plpgsql as $$
begin
  -- In digest order, so that two writers adding the same new shapes never wait for each other in a cycle.
  insert into consentry_stats_shapes (version, digest, purposes)
  select distinct (receipt->>'version')::integer, md5((receipt->'purposes')::text), receipt->'purposes' from removed
  order by 1, 2
  on conflict do nothing;
  insert into consentry_stats_days (day, region, shape, n)
  select (counted.decided_at at time zone 'UTC')::date, coalesce(counted.receipt->>'region', ''), shape.id, -count(*)
  from removed counted join consentry_stats_shapes shape
    on shape.version = (counted.receipt->>'version')::integer and shape.digest = md5((counted.receipt->'purposes')::text)
  group by 1, 2, 3;
  return null;
end $$;

-- The triggers come first: they lock out writers until this migration commits, so that no receipt
-- is written between the count of those already there and the first count kept.
create trigger consentry_stats_added after insert on receipts
  referencing new table as added for each statement execute function consentry_stats_added();
create trigger consentry_stats_removed after delete on receipts
  referencing old table as removed for each statement execute function consentry_stats_removed();

insert into consentry_stats_shapes (version, digest, purposes)
select distinct (receipt->>'version')::integer, md5((receipt->'purposes')::text), receipt->'purposes' from receipts order by 1, 2;
insert into consentry_stats_days (day, region, shape, n)
select (counted.decided_at at time zone 'UTC')::date, coalesce(counted.receipt->>'region', ''), shape.id, count(*)
from receipts counted join consentry_stats_shapes shape
  on shape.version = (counted.receipt->>'version')::integer and shape.digest = md5((counted.receipt->'purposes')::text)
group by 1, 2, 3;

-- Retention counts from the time the service received a receipt, never from the date the
-- visitor's browser wrote in it (docs/reference.md §13): this index lets the purge find them.
create index receipts_by_received_at on receipts (received_at);

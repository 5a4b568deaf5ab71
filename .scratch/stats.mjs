import { openStore } from '/work/wt/colops/collector/store.mjs'
const store = await openStore({ dataDir: 'memory://' })
await store.query(`insert into receipts (consent_id, decided_at, digest, receipt) select 'id'||i, now(), md5(i::text), '{}'::jsonb from generate_series(1,2000) i`)
const q = async () => (await store.query('select pg_stat_force_next_flush()'), await store.query('select 1'), store.query(`select coalesce(sum(idx_tup_read),0)::bigint as idx, coalesce(sum(seq_tup_read),0)::bigint as seq from pg_stat_user_indexes i join pg_stat_user_tables t using (relid) where t.relname = 'receipts'`))
console.log((await q()).rows)
for await (const p of store.range(null, null)) {}
console.log((await q()).rows)
await store.close()

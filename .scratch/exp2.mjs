import { PGlite } from '@electric-sql/pglite'
const db = await PGlite.create('memory://')
await db.exec(`create table receipts (seq bigserial primary key, consent_id text not null, decided_at timestamptz not null, received_at timestamptz not null default now(), digest text not null unique, receipt jsonb not null);
create index receipts_by_date on receipts (decided_at, seq);`)
let t = performance.now()
await db.query(`insert into receipts (consent_id, decided_at, digest, receipt)
 select 'id' || i, now() - (i || ' seconds')::interval, md5(i::text), jsonb_build_object('id','id'||i,'version',1,'timestamp',(now() - (i || ' seconds')::interval),'source','banner','locale','en','purposes',jsonb_build_object('necessary',true,'analytics',i%2=0),'vendors',jsonb_build_object('ga4',true),'url','https://shop.example/','gpc',false)
 from generate_series(1, 200000) i`)
console.log('seed', performance.now() - t)
const q = `select seq::text as after_seq, decided_at, receipt, received_at from receipts
           where decided_at < $1 and (decided_at, seq) > ($2::timestamptz, $3::bigint) and seq <= $4
           order by decided_at, receipts.seq limit 1000`
const p = ['infinity', new Date(Date.now()-86400000).toISOString(), '0', '999999999']
t = performance.now()
const r = await db.transaction(async (tx) => { await tx.exec('set local enable_sort = off; set local enable_bitmapscan = off'); return tx.query('explain analyze ' + q, p) })
console.log(r.rows.map(r => r['QUERY PLAN']).join('\n'), performance.now() - t)
for (let i = 0; i < 3; i++) { t = performance.now(); await db.transaction(async (tx) => { await tx.exec('set local enable_sort = off; set local enable_bitmapscan = off'); return tx.query(q, p) }); console.log('page', performance.now() - t) }
for (let i = 0; i < 3; i++) { t = performance.now(); await db.transaction(async (tx) => { await tx.exec('set local enable_sort = off; set local enable_bitmapscan = off'); return tx.query(q.replace('1000','250'), p) }); console.log('page250', performance.now() - t) }

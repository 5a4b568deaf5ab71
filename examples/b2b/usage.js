// B2B Services' own usage monitoring. Loaded by consentry only once "monitoring" is granted.
;(function () {
  var id = (document.cookie.match(/(?:^|; )b2b_usage_id=([^;]*)/) || [])[1]
  if (!id) {
    id = Math.random().toString(36).slice(2, 12)
    document.cookie = 'b2b_usage_id=' + id + '; path=/; max-age=' + 182 * 86400 + '; SameSite=Lax'
  }
  var events = JSON.parse(localStorage.getItem('b2b_usage_events') || '[]')
  events.push({ page: location.pathname + location.hash, at: new Date().toISOString() })
  localStorage.setItem('b2b_usage_events', JSON.stringify(events.slice(-50)))
  window.b2bUsage = { id: id, views: (window.b2bUsage ? window.b2bUsage.views : 0) + 1 }
})()

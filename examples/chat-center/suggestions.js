// Suggestions from the services a visitor looked at, kept in their own browser (purpose "recommendations").
;(function () {
  var list = document.getElementById('suggestions')
  var ro = document.documentElement.lang === 'ro'
  var viewed = JSON.parse(localStorage.getItem('tcc_viewed') || '[]')
  var page = document.body.getAttribute('data-service')
  if (page && viewed.indexOf(page) < 0) viewed.push(page)
  localStorage.setItem('tcc_viewed', JSON.stringify(viewed.slice(-10)))
  if (!list) return
  var all = ro
    ? { chat: 'Chat live externalizat', email: 'Suport prin e-mail', leads: 'Generare de clienți potențiali' }
    : { chat: 'Outsourced live chat', email: 'E-mail support', leads: 'Lead generation' }
  Object.keys(all)
    .filter(function (key) { return viewed.indexOf(key) < 0 })
    .forEach(function (key) {
      var item = document.createElement('li')
      item.textContent = all[key]
      list.appendChild(item)
    })
})()

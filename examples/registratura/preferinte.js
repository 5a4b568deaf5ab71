// Personalisation: the last documents viewed, remembered in this browser (purpose "personalization").
;(function () {
  var history = JSON.parse(localStorage.getItem('re_istoric') || '[]')
  history.unshift(document.title)
  localStorage.setItem('re_istoric', JSON.stringify(history.slice(0, 5)))
  document.cookie = 're_preferinte=compact; path=/; max-age=' + 365 * 86400 + '; SameSite=Lax'
  var list = document.getElementById('recente')
  if (list)
    history.slice(1).forEach(function (title) {
      var item = document.createElement('li')
      item.textContent = title
      list.appendChild(item)
    })
})()

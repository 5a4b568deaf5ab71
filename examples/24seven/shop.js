// The shop's own basket: a strictly necessary cookie, so it runs without waiting for a decision.
;(function () {
  var status = document.getElementById('basket')
  var items = (document.cookie.match(/(?:^|; )s7_basket=([^;]*)/) || [])[1]
  var basket = items ? decodeURIComponent(items).split(',') : []
  var show = function () {
    if (status) status.textContent = basket.length ? 'In your basket: ' + basket.length + ' item(s).' : 'Your basket is empty.'
  }
  document.cookie = 's7_session=1; path=/; SameSite=Lax'
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-product]')
    if (!button) return
    basket.push(button.getAttribute('data-product'))
    document.cookie = 's7_basket=' + encodeURIComponent(basket.join(',')) + '; path=/; max-age=' + 30 * 86400 + '; SameSite=Lax'
    show()
  })
  show()
})()

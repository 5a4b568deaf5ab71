// Communications: which campaign brought the visitor, for 30 days (purpose "communications").
;(function () {
  var campaign = new URLSearchParams(location.search).get('utm_campaign') || 'direct'
  document.cookie = 're_campanie=' + encodeURIComponent(campaign) + '; path=/; max-age=' + 30 * 86400 + '; SameSite=Lax'
  window.reCampaign = campaign
})()

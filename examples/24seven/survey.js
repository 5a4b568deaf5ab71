// The survey form's behaviour; it runs only when its template was activated (purpose "communications").
;(function () {
  var survey = document.getElementById('survey')
  if (!survey) return
  document.cookie = 's7_survey=seen; path=/; max-age=' + 90 * 86400 + '; SameSite=Lax'
  survey.addEventListener('click', function (event) {
    var answer = event.target.getAttribute && event.target.getAttribute('data-answer')
    if (!answer) return
    var answers = JSON.parse(localStorage.getItem('s7_survey_answers') || '[]')
    answers.push({ answer: answer, page: location.pathname })
    localStorage.setItem('s7_survey_answers', JSON.stringify(answers))
    survey.querySelector('p').textContent = 'Thank you!'
  })
})()

// Questionnaires, better with JavaScript: questions whose condition does not hold are hidden as the respondent
// answers (the server applies the same rules, so hidden answers are never stored), and the page is saved to the
// server shortly after each change so that closing the page loses nothing. Without this script every question
// shows with its condition in words, and the buttons save.
(function () {
    'use strict';
    var form = document.querySelector('form[data-questionnaire]');
    if (!form) return;
    document.documentElement.classList.add('js');

    function valuesOf(key) {
        var values = [];
        form.querySelectorAll('[name="a.' + key + '"]').forEach(function (input) {
            if ((input.type === 'radio' || input.type === 'checkbox') && !input.checked) return;
            if (input.value !== '') values.push(input.value);
        });
        return values;
    }

    function visible(key) {
        var field = document.getElementById('question-' + key);
        return !field || !field.classList.contains('is-hidden');
    }

    function holds(condition) {
        if (!visible(condition.question)) return false;
        var values = valuesOf(condition.question);
        if (values.length === 0) return false;
        switch (condition.op) {
            case 'equals': return values.indexOf(condition.value) >= 0;
            case 'contains': return values.some(function (v) { return v === condition.value || v.toLowerCase().indexOf(condition.value.toLowerCase()) >= 0; });
            case 'not_equals': return values.indexOf(condition.value) < 0;
            default: return false;
        }
    }

    function apply() {
        form.querySelectorAll('fieldset.question[data-show-if]').forEach(function (field) {
            // Razor writes data-* attributes even when empty: an empty one means "always shown".
            var condition = field.getAttribute('data-show-if');
            if (!condition) return;
            var show = holds(JSON.parse(condition));
            field.classList.toggle('is-hidden', !show);
            field.querySelectorAll('input, select, textarea').forEach(function (input) { input.disabled = !show; });
        });
    }

    var timer = null;
    var latest = 0;
    var status = document.getElementById('autosave-status');
    var autosave = form.getAttribute('data-autosave');
    function say(key) { if (status) status.textContent = status.getAttribute(key); }

    // Only the newest save may say "saved": an older one finishing late must not hide a change not yet saved.
    function save() {
        if (!autosave) return;
        var mine = ++latest;
        var data = new FormData(form);
        data.set('nav', 'autosave');
        fetch(autosave, { method: 'POST', body: data, credentials: 'same-origin' })
            .then(function (response) { if (mine === latest && timer === null) say(response.ok ? 'data-saved' : 'data-failed'); })
            .catch(function () { if (mine === latest) say('data-failed'); });
    }

    function later(delay) {
        say('data-pending');
        clearTimeout(timer);
        timer = setTimeout(function () { timer = null; save(); }, delay);
    }

    form.addEventListener('change', function () { apply(); later(800); });
    form.addEventListener('input', function () { later(1500); });
    apply();
})();

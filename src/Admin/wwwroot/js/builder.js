// The question form shows only the settings of the chosen type. Without JavaScript every setting shows, each
// headed with the types it applies to, and the server ignores the others.
(function () {
    'use strict';
    var type = document.getElementById('Input_Type');
    if (!type) return;
    function apply() {
        document.querySelectorAll('[data-types]').forEach(function (part) {
            part.hidden = part.getAttribute('data-types').split(' ').indexOf(type.value) < 0;
        });
    }
    type.addEventListener('change', apply);
    apply();
})();

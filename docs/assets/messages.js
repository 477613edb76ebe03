/* The interface's words for the hub's scripts, in the page's language.

   A page that runs a script with words to show carries them, translated by
   the build from the hub's gettext catalogue, as JSON in
   <script type="application/json" id="hub-messages">: each message by its
   English text, a plural message as its list of forms. HubMessages.t and
   HubMessages.tn (singular, plural, count) give a message with its %(name)s
   placeholders filled; a message the page does not carry is shown in English.
   The build finds a script's messages by its calls of t and tn with literal
   texts, so each message is one double-quoted string. */
(function () {
  "use strict";
  var data = {messages: {}, plural: "one"};
  var island = document.getElementById("hub-messages");
  if (island) data = JSON.parse(island.textContent);

  function fill(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  // Which form of a plural message a count takes: "one" languages use the
  // first form for 1 only (English, Spanish); "zero-one" ones for 0 and 1 (French).
  function form(count) {
    return (data.plural === "zero-one" ? count <= 1 : count === 1) ? 0 : 1;
  }

  window.HubMessages = {
    t: function (text, values) {
      var translated = data.messages[text];
      return fill(typeof translated === "string" ? translated : text, values);
    },
    tn: function (one, many, count, values) {
      var forms = data.messages[one];
      var text = Array.isArray(forms) ? forms[Math.min(form(count), forms.length - 1)] :
        (form(count) === 0 ? one : many);
      var all = {num: count};
      Object.keys(values || {}).forEach(function (key) { all[key] = values[key]; });
      return fill(text, all);
    }
  };
}());

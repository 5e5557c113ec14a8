/* Applies the saved theme and text size to <html> before the first paint (loaded as a blocking classic script,
   so a high-contrast user never sees a flash of the default theme). display.js keeps them in sync afterwards. */
(function () {
  try {
    var root = document.documentElement;
    var theme = localStorage.getItem("audionews.theme");
    var size = localStorage.getItem("audionews.textSize");
    if (theme && theme !== "system") root.setAttribute("data-theme", theme);
    if (size && size !== "normal") root.setAttribute("data-text-size", size);
  } catch (error) {
    /* Storage blocked (private mode, policy): the defaults apply. */
  }
})();

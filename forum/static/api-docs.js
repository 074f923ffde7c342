// Starts Swagger UI on the API reference page (/api/v1/docs). A file of our own origin,
// not an inline script: the site's Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var root = document.getElementById("api-reference");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }

  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    domNode: root,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // Off: with deep links, each operation's path is a link inside its toggle button
    // (a control nested in a control, which screen readers cannot reach).
    deepLinking: false,
    // Never send the document to swagger.io's online validator.
    validatorUrl: null,
    // Reading calls only, anonymously (the server bar with "Authorize" is hidden, see
    // api-docs.css): writing is done with a token, from a script (docs/api.md).
    supportedSubmitMethods: ["get"],
    // No separate list of schemas: each operation shows its own.
    defaultModelsExpandDepth: -1
  });
})();

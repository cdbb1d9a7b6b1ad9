// Marks the page as having JavaScript and, in browsers that support ES
// modules, as supported by GOV.UK Frontend, whose styles for its scripted
// components depend on these classes. Loaded as the first thing in <body>,
// from a file: the portal's content security policy allows no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');

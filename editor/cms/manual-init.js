// Decap CMS starts itself from config.yml unless told otherwise; admin.js starts it instead,
// with the generated config.json and our own YAML format. (A file, not an inline script: the
// admin's Content-Security-Policy allows scripts from its own folder only.)
window.CMS_MANUAL_INIT = true;

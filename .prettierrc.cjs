/** @type {import('prettier').Config} */
// OCA's settings (oca-addons-repo-template); tabWidth 4 is what OCA repositories take
// from their .editorconfig, and what this addon's XML and JavaScript use.
const config = {
  plugins: [require.resolve("@prettier/plugin-xml")],
  bracketSpacing: false,
  printWidth: 88,
  proseWrap: "always",
  semi: true,
  trailingComma: "es5",
  xmlWhitespaceSensitivity: "preserve",
  tabWidth: 4,
};

module.exports = config;

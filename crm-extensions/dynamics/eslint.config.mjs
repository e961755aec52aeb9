// Linted by `pcf-scripts build` (it refuses to build without an ESLint config).
import eslintjs from "@eslint/js";
import microsoftPowerApps from "@microsoft/eslint-plugin-power-apps";
import tseslint from "typescript-eslint";

export default [
  { ignores: ["**/generated/**", "out/**", "node_modules/**", "tests/**", "scripts/**", "*.config.*"] },
  eslintjs.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["TrigCard/**/*.ts"],
    plugins: { "@microsoft/power-apps": microsoftPowerApps },
    languageOptions: { globals: { ComponentFramework: "readonly", document: "readonly" } },
    rules: {
      ...microsoftPowerApps.configs.paCheckerHosted.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
];

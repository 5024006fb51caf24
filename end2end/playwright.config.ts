import { defineConfig } from "@playwright/test";
import { chromium } from "./chromium";

// Journeys run against the release build that `cargo leptos end-to-end --release` starts,
// in Debian's Chromium: never a downloaded browser.
const baseURL = process.env.PAVILION_BASE_URL ?? "http://127.0.0.1:3100";

// The demo journey needs a server started by the run command (scripts/test.sh starts one and
// sets PAVILION_DEMO_JOURNEY); the other journeys run against the end-to-end server.
const demo = process.env.PAVILION_DEMO_JOURNEY === "1";

export default defineConfig({
  testDir: "./tests",
  testMatch: demo ? ["demo.spec.ts"] : ["**/*.spec.ts"],
  testIgnore: demo ? [] : ["demo.spec.ts"],
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  globalSetup: "./tests/wait-for-server.ts",
  use: {
    baseURL,
    // The journeys' browsers keep India's clock, the zone a page is drawn in before a zone is
    // chosen. A browser elsewhere has its first timed page redrawn once by the zone island
    // (the agenda journey proves that in New York's zone); a step taken during that reload
    // would be lost, so the other journeys choose their zone with `?tz=` instead.
    timezoneId: "Asia/Kolkata",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
});

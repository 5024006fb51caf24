import { execFileSync } from "node:child_process";
import { type Browser, expect, type Page } from "@playwright/test";

// What several journeys share: the server's admin command, dates in India, signing in, an
// exporter's meeting slots, and an importer a council verifies as its hosted buyer.

export const PASSWORD = "correct horse battery";

export function serverCli(args: string[]): string {
  const bin = process.env.PAVILION_SERVER_BIN;
  if (!bin) throw new Error("PAVILION_SERVER_BIN is not set (scripts/test.sh sets it)");
  return execFileSync(bin, args, { env: { ...process.env, PAVILION_PASSWORD: PASSWORD }, encoding: "utf8" });
}

/// `YYYY-MM-DD` in India, `days` from today.
export function indiaDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 19_800_000).toISOString().slice(0, 10);
}

export async function signIn(page: Page, email: string) {
  await page.goto("/en/account/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/account$/);
}

/// A page of its own (a new browser context, JavaScript on or off, camera allowed) signed in
/// as `email`.
export async function signedIn(browser: Browser, email: string, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/// A signed-in exporter keeps hours every day 09:00–18:00 India time, in 30 minutes.
export async function keepHours(host: Page) {
  await host.goto("/en/exhibitor/meetings");
  await host.getByLabel(/time zone$/).selectOption("Asia/Kolkata");
  for (const day of ["Sat", "Sun"]) await host.getByLabel(day, { exact: true }).check();
  await host.getByLabel("From", { exact: true }).fill("09:00");
  await host.getByLabel("Until", { exact: true }).fill("18:00");
  await host.getByLabel("Meeting length").selectOption("30");
  await host.getByRole("button", { name: "Save the hours" }).click();
  await expect(host.getByRole("heading", { name: "Publish slots" })).toBeVisible();
}

/// Publishes the exporter's slots from `first` to `last` days ahead.
export async function publishDays(host: Page, first: number, last: number) {
  await host.getByLabel("First day").fill(indiaDay(first));
  await host.getByLabel("Last day").fill(indiaDay(last));
  await host.getByRole("button", { name: "Publish slots for these days" }).click();
}

/// `YYYY-MM-DD`, `days` from today (UTC).
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/// A signed-in importer's business profile (a Japanese importer), then their request to
/// `hall` for `what` under HS heading 0904 (pepper).
export async function requestPepper(page: Page, hall: string, what: string) {
  await page.goto("/en/account");
  await page.getByLabel("Company", { exact: true }).fill("Kyoto Spice Trading");
  await page.getByLabel("Company’s country").selectOption("JP");
  await page.getByLabel("Your business").selectOption("importer");
  await page.getByLabel("Yearly purchases").selectOption("to_1m");
  await page.getByRole("button", { name: "Save business profile" }).click();
  await page.goto(`/en/halls/${hall}`);
  await page.getByRole("link", { name: "Request quotes from this hall" }).click();
  await page.getByLabel("What you are looking for").fill(what);
  await page.getByLabel("HS heading (optional)").fill("0904");
  await page.getByLabel("Quantity", { exact: true }).fill("800");
  await page.getByLabel("Unit").selectOption("kg");
  await page.getByLabel("Destination port or city").fill("Osaka");
  await page.getByLabel("Destination country").selectOption("JP");
  await page.getByLabel("Incoterm").selectOption("FOB");
  await page.getByLabel("Needed by").fill(day(45));
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/en\/rfqs\/RFQ-[0-9A-F]{10}$/);
}

/// The signed-in curator verifies the buyer named `name`, who asked their council's hall.
export async function verifyBuyer(board: Page, name: string) {
  await board.goto("/en/curator/rfqs");
  await board.getByRole("button", { name: `Verify ${name}` }).click();
}

/// The `nth` remote video's frame size and time, a second apart: frames keep arriving.
export async function framesArrive(page: Page, nth = 0) {
  const video = page.getByTestId("remote-video").nth(nth);
  const read = () =>
    video.evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, height: v.videoHeight, time: v.currentTime }));
  await expect.poll(async () => (await read()).width, { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await read();
  await page.waitForTimeout(1000);
  const after = await read();
  expect(after.height).toBeGreaterThan(0);
  expect(after.time).toBeGreaterThan(before.time);
}

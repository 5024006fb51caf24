import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";

// What several journeys share: the server's admin command, dates in India, signing in, and
// an exporter's meeting slots.

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

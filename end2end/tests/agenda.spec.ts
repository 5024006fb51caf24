import { expect, test } from "@playwright/test";

// The agenda in the buyer's own time zone: the browser's zone is picked up after hydration
// and remembered; every stream shows the event's time and the buyer's; days are headings.

test.use({ timezoneId: "America/New_York" });

test("the agenda follows the buyer's time zone and filters by hall", async ({ page, context }, info) => {
  await page.goto("/en/agenda");
  await expect(page.getByRole("heading", { level: 1, name: "Agenda" })).toBeVisible();
  if (info.project.name === "hydrated") {
    // No zone chosen yet: the browser's own zone goes into a cookie and the page is redrawn.
    await expect(page.getByLabel("Your time zone")).toHaveValue("America/New_York");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "pavilion_tz")?.value).toBe("America/New_York");
  } else {
    // Without JavaScript the visitor picks the zone.
    await page.getByLabel("Your time zone").selectOption("America/New_York");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/tz=America%2FNew_York/);
  }
  const first = page.locator(".agenda-item").first();
  await expect(first.getByText("Event time")).toBeVisible();
  await expect(first.locator(".agenda-item__local time")).toContainText(/E[SD]T/);
  await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();

  // Filter by hall: only that hall's streams stay.
  await page.getByLabel("Hall").selectOption("seafood");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/hall=seafood/);
  const items = page.locator(".agenda-item");
  const count = await items.count();
  for (let i = 0; i < count; i++) {
    await expect(items.nth(i).locator(".agenda-item__meta")).toContainText(/Seafood/i);
  }
  await page.screenshot({ path: info.outputPath("agenda.png"), fullPage: true });
});

import { expect, test } from "@playwright/test";

// After hydration the islands respond: the image gallery and the quantity stepper.
test.describe("islands on the product page", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "needs JavaScript");

  test("the gallery switches images and follows arrow keys", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto("/en/products/kashmiri-mongra-saffron-grade-a");
    const main = page.locator(".gallery__main");
    await expect(main).toHaveAttribute("src", /-1\.svg$/);
    const second = page.getByRole("link", { name: /Show image 2 of 3/ });
    await expect(async () => {
      await second.click();
      await expect(main).toHaveAttribute("src", /-2\.svg$/, { timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await expect(second).toHaveAttribute("aria-current", "true");
    await expect(page).not.toHaveURL(/image=/);
    await page.keyboard.press("ArrowRight");
    await expect(main).toHaveAttribute("src", /-3\.svg$/);
    await expect(page.getByRole("link", { name: /Show image 3 of 3/ })).toBeFocused();
    expect(errors).toEqual([]);
  });

  test("in Arabic the arrow keys follow the right-to-left thumbnails", async ({ page }) => {
    await page.goto("/ar/products/kashmiri-mongra-saffron-grade-a");
    const main = page.locator(".gallery__main");
    const second = page.getByRole("link", { name: /عرض الصورة 2 من 3/ });
    await expect(async () => {
      await second.click();
      await expect(main).toHaveAttribute("src", /-2\.svg$/, { timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await page.keyboard.press("ArrowLeft");
    await expect(main).toHaveAttribute("src", /-3\.svg$/);
    await page.keyboard.press("ArrowRight");
    await expect(main).toHaveAttribute("src", /-2\.svg$/);
  });

  test("the quantity stepper stays within limits and updates the total", async ({ page }) => {
    // Guntur Sannam S4: ₹3,100 per 10 kg carton, minimum order 5 cartons; priced in rupees.
    await page.goto("/en/products/guntur-sannam-s4-chilli-stemless?currency=INR");
    const quantity = page.getByLabel(/Quantity/);
    const total = page.getByTestId("total");
    await expect(quantity).toHaveValue("5");
    await expect(total).toHaveText("₹15,500.00");
    const more = page.getByRole("button", { name: "Increase quantity" });
    await expect(async () => {
      await more.click();
      await expect(quantity).toHaveValue("6", { timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await expect(total).toHaveText("₹18,600.00");
    const less = page.getByRole("button", { name: "Decrease quantity" });
    await less.click();
    await expect(quantity).toHaveValue("5");
    await expect(less).toBeDisabled();
    // From 25 cartons each costs ₹2,852, from 50 ₹2,635 (the price by quantity): the largest
    // order, 100 cartons, pays the last break for every carton.
    await quantity.fill("25");
    await quantity.press("Tab");
    await expect(total).toHaveText("₹71,300.00");
    await quantity.fill("100000");
    await quantity.press("Tab");
    await expect(quantity).toHaveValue("100");
    await expect(total).toHaveText("₹2,63,500.00");
  });

  test("the total follows the buyer's currency and locale", async ({ page }) => {
    // ₹3,100 at 89.105 INR/EUR is 34,79 € a carton; six cartons 208,74 €.
    await page.goto("/de/products/guntur-sannam-s4-chilli-stemless");
    const total = page.getByTestId("total");
    await expect(total).toHaveText("173,95\u00a0€");
    const more = page.getByRole("button", { name: "Menge erhöhen" });
    await expect(async () => {
      await more.click();
      await expect(total).toHaveText("208,74\u00a0€", { timeout: 500 });
    }).toPass({ timeout: 15_000 });
  });

  test("countdowns tick in the browser", async ({ page }) => {
    await page.goto("/en/");
    const timer = page.getByRole("region", { name: "Coming up" }).getByRole("timer").first();
    const first = await timer.textContent();
    await expect.poll(async () => timer.textContent(), { timeout: 5_000 }).not.toBe(first);
  });
});

import { expect, test } from "@playwright/test";

// Content in other scripts and directions: Arabic right-to-left, Chinese, Hindi.
test("Arabic pages are right-to-left with translated content", async ({ page }, info) => {
  await page.goto("/ar/halls/seafood");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("المأكولات البحرية");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-ar-hall.png`, fullPage: true });
  await page.goto("/ar/products/vannamei-shrimp-peeled-deveined-31-40");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("روبيان فانامي مقشر 31/40");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-ar-product.png`, fullPage: true });
});

test("Chinese product pages show Chinese names, with English fallback marked elsewhere", async ({ page }, info) => {
  await page.goto("/zh/products/kanchipuram-silk-saree-temple-border");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("甘吉布勒姆寺庙边丝绸纱丽");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-zh-product.png`, fullPage: true });
  await page.goto("/ja/products/kanchipuram-silk-saree-temple-border");
  await expect(page.getByText("This product's text is shown in English.")).toBeVisible();
});

test("the home page on a phone", async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/hi/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-hi-home-phone.png`, fullPage: true });
});

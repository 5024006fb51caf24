import { test } from "@playwright/test";

const shots = "/tmp/shots";
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "once");

for (const [locale, width, height] of [["en", 1280, 900], ["ar", 390, 844], ["zh", 1280, 900]] as const) {
  test(`checkout ${locale}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto(`/${locale}/products/guntur-sannam-s4-chilli-stemless`);
    await page.screenshot({ path: `${shots}/${locale}-product.png`, fullPage: false });
    await page.goto(`/${locale}/checkout?product=guntur-sannam-s4-chilli-stemless&quantity=6&country=US&incoterm=DDP`);
    await page.screenshot({ path: `${shots}/${locale}-checkout.png`, fullPage: true });
    await page.locator("#email").fill(`shot-${locale}-${Date.now()}@example.com`);
    await page.locator("#ship_name").fill("Ana Buyer");
    await page.locator("#ship_address").fill("1 Market St\nSan Francisco 94105");
    await page.getByTestId("pay").click();
    await page.screenshot({ path: `${shots}/${locale}-pay.png`, fullPage: true });
    await page.getByTestId("approve").click();
    await page.waitForURL(/orders/);
    await page.screenshot({ path: `${shots}/${locale}-order.png`, fullPage: true });
  });
}

import { expect, test } from '@playwright/test';

test('probe', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: '搜尋' }).first().click();
  await page.locator('#starlight__search input').fill('資料庫');
  await page.waitForTimeout(1500);
  const t = await page.locator("#starlight__search").innerText(); console.log(t.slice(0, 300)); console.log(await page.locator("#starlight__search input").getAttribute("placeholder"));
});

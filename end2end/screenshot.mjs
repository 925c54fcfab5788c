// Takes the README's screenshot of the portal: `node screenshot.mjs` with a
// server from scripts/e2e-server.sh running on E2E_PORT (default 3100).
import { chromium } from "@playwright/test";

const base = `http://127.0.0.1:${process.env.E2E_PORT ?? "3100"}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
await page.goto(`${base}/login`);
await page.waitForSelector('#app[data-hydrated="true"]');
await page.getByLabel("User name").fill("company_admin@example.com");
await page.getByLabel("Password").fill("demo-Pass1");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(`${base}/`);
await page.goto(`${base}/admins`);
await page.waitForSelector("table tbody tr");
await page.screenshot({ path: process.argv[2] ?? "../docs/portal.png" });
await browser.close();

import { test, expect, signedInAs, Page } from "./fixtures";

const section = (page: Page, key: string) => page.locator(`section.stat[data-chart="${key}"]`);

/** Moves the mouse over the middle of a chart and expects its tooltip. */
async function hoverShowsTooltip(page: Page, key: string, period: RegExp, series: string[]) {
  const svg = section(page, key).locator("._chartistry > svg");
  await expect(svg).toBeVisible();
  const box = (await svg.boundingBox())!;
  await svg.scrollIntoViewIfNeeded();
  const again = (await svg.boundingBox())!;
  await page.mouse.move(again.x + 5, again.y + 5);
  await page.mouse.move(again.x + again.width * 0.6, again.y + again.height * 0.6, { steps: 5 });
  const tooltip = section(page, key).locator("._chartistry_tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip.locator("h2")).toHaveText(period);
  for (const name of series) {
    await expect(tooltip).toContainText(name);
  }
  expect(box.width).toBeGreaterThan(200);
}

test("company charts draw with legends, hover values and a switch that redraws them", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/companies/Example%20Corp?tab=stats");
  const legends = {
    logins: ["IMAP4", "POP3", "Webmail"],
    messages: ["Received", "Spam", "Sent", "Denied", "Forwarded", "Auto-replies"],
    storage: ["Mailboxes", "Deleted accounts"],
    items: ["Mailboxes", "Deleted accounts"],
    users: ["Mailboxes", "Forwards", "Filters", "Aliases", "Deleted"],
    services: ["IMAP4", "POP3", "Webmail", "SMTP in", "SMTP relay"],
  };
  for (const [key, names] of Object.entries(legends)) {
    const legend = section(page, key).locator("._chartistry_legend");
    await expect(legend).toBeVisible();
    for (const name of names) {
      await expect(legend).toContainText(name);
    }
    // One drawn line per series.
    await expect(section(page, key).locator("._chartistry > svg g._chartistry_series ._chartistry_line")).toHaveCount(names.length);
  }
  await hoverShowsTooltip(page, "logins", /^\d{4}-\d{2}-\d{2}$/, legends.logins);
  await hoverShowsTooltip(page, "storage", /^\d{4}-\d{2}-\d{2}$/, legends.storage);

  await page.getByRole("navigation", { name: "Stats period" }).getByRole("link", { name: "By month" }).click();
  await expect(page).toHaveURL(/by=month/);
  await expect(page.getByRole("table", { name: "Logins by protocol" }).locator("tbody tr")).toHaveCount(48);
  await hoverShowsTooltip(page, "logins", /^\d{4}-\d{2}$/, legends.logins);
  await page.getByRole("navigation", { name: "Stats period" }).getByRole("link", { name: "By week" }).click();
  await expect(page).toHaveURL(/by=week/);
  await expect(page.getByRole("table", { name: "Logins by protocol" }).locator("tbody tr")).toHaveCount(52);
  await hoverShowsTooltip(page, "messages", /^week of \d{4}-\d{2}-\d{2}$/, legends.messages);
});

test("an account's charts draw and hover in the browser", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/users/joe@example.com");
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Stats" }).click();
  await expect(page).toHaveURL(/tab=stats/);
  await expect(section(page, "storage").locator("._chartistry_legend")).toContainText("Mailboxes");
  await expect(section(page, "users")).toHaveCount(0);
  await hoverShowsTooltip(page, "logins", /^\d{4}-\d{2}-\d{2}$/, ["IMAP4", "POP3", "Webmail"]);
});

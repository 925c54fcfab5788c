import { test, expect, signedInAs, Page } from "./fixtures";

// Structure and consistency only: the figures themselves are the engine's.
const table = (page: Page, name: string) => page.getByRole("table", { name, exact: true });
const rows = (page: Page, name: string) => table(page, name).locator("tbody tr");
const PERIODS = { day: 30, week: 52, month: 48 };
const ORG_CHARTS = ["Logins by protocol", "Messages in and out", "Storage used", "Messages stored", "Users by type", "Users by service"];
const ACCOUNT_CHARTS = ORG_CHARTS.slice(0, 4);

/** What the portal's stats call answers (the data the page shows). */
async function statsData(page: Page, kind: string, object: string, by: string) {
  const answer = await page.request.post("/srv/stats", { form: { kind, object, by } });
  expect(answer.status()).toBe(200);
  return answer.json();
}

/** The last row's cell of `series` in the chart's table equals the data. */
async function lastCellMatches(page: Page, data: any, chart: string, key: string, series: string) {
  const figures = data.charts.find((c: any) => c.key === key);
  const column = figures.series.findIndex((s: any) => s.name === series);
  const value = figures.series[column].values[data.periods.length - 1];
  const last = rows(page, chart).last();
  await expect(last.locator("td").nth(column)).toHaveText(String(value));
}

async function downloads(page: Page, object: string) {
  const section = page.getByRole("region", { name: "Snapshot download" });
  const picker = section.getByLabel("Period");
  const options = picker.locator("option");
  expect(await options.count()).toBeGreaterThan(0);
  // Choose the second-newest month (or whatever is second), keeping the tab and granularity.
  const value = (await options.nth(Math.min(1, (await options.count()) - 1)).getAttribute("value"))!;
  await picker.selectOption(value);
  await section.getByRole("button", { name: "Choose" }).click();
  await expect(page).toHaveURL(new RegExp(`tab=stats.*period=${value}`));
  await expect(picker).toHaveValue(value);
  const csv = section.getByRole("link", { name: "Download CSV" });
  await expect(csv).toHaveAttribute("href", /format=csv$/);
  const answer = await page.request.get((await csv.getAttribute("href"))!);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.csv"$/);
  expect(answer.headers()["content-disposition"]).toContain(object);
  expect(await answer.text()).toMatch(/^user,/);
  const json = section.getByRole("link", { name: "Download JSON" });
  const jsonAnswer = await page.request.get((await json.getAttribute("href"))!);
  expect(jsonAnswer.status()).toBe(200);
  expect(jsonAnswer.headers()["content-disposition"]).toMatch(/^attachment/);
  JSON.parse(await jsonAnswer.text());
}

test("a company's stats: day/week/month switch, charts with labels, tables, snapshot download", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/companies/Example%20Corp");
  await page.getByRole("navigation", { name: "Company" }).getByRole("link", { name: "Stats" }).click();
  await expect(page).toHaveURL(/tab=stats/);
  const switcher = page.getByRole("navigation", { name: "Stats period" });
  await expect(switcher.getByRole("link", { name: "By day" })).toHaveAttribute("aria-current", "page");
  for (const chart of ORG_CHARTS) {
    await expect(page.getByRole("heading", { name: chart, level: 2 })).toBeVisible();
    await expect(page.getByRole("img", { name: new RegExp(`^${chart}`) })).toHaveCount(1);
    await expect(rows(page, chart)).toHaveCount(PERIODS.day);
  }
  const logins = table(page, "Logins by protocol");
  for (const name of ["Period", "IMAP4", "POP3", "Webmail"]) {
    await expect(logins.getByRole("columnheader", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("img", { name: /^Logins by protocol/ })).toHaveAttribute("aria-label", /IMAP4, POP3, Webmail by day, 30 periods/);
  await lastCellMatches(page, await statsData(page, "company", "Example Corp", "day"), "Logins by protocol", "logins", "IMAP4");

  for (const by of ["week", "month"] as const) {
    await switcher.getByRole("link", { name: `By ${by}` }).click();
    await expect(page).toHaveURL(new RegExp(`by=${by}`));
    await expect(switcher.getByRole("link", { name: `By ${by}` })).toHaveAttribute("aria-current", "page");
    for (const chart of ORG_CHARTS) {
      await expect(rows(page, chart)).toHaveCount(PERIODS[by]);
    }
    await lastCellMatches(page, await statsData(page, "company", "Example Corp", by), "Users by type", "users", "Mailboxes");
  }
  // Sizes read as sizes.
  await expect(rows(page, "Storage used").last().locator("td").first()).toHaveText(/^\d+(\.\d)? (B|KB|MB|GB|TB)$/);

  await downloads(page, "Example Corp");
  // The granularity stays through the period choice.
  await expect(page).toHaveURL(/by=month/);
  await expect(rows(page, "Logins by protocol")).toHaveCount(PERIODS.month);
});

test("a domain's stats by week, with the download", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/domains/example.com?tab=stats&by=week");
  await expect(page.getByRole("navigation", { name: "Domain" }).getByRole("link", { name: "Stats" })).toHaveAttribute("aria-current", "page");
  for (const chart of ORG_CHARTS) {
    await expect(rows(page, chart)).toHaveCount(PERIODS.week);
  }
  await expect(rows(page, "Logins by protocol").first().locator("th")).toHaveText(/^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/);
  await lastCellMatches(page, await statsData(page, "domain", "example.com", "week"), "Messages in and out", "messages", "Spam");
  await downloads(page, "example.com");
});

test("an account's stats, for an admin and for its owner", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/users/joe@example.com?tab=stats&by=month");
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Stats" })).toHaveAttribute("aria-current", "page");
  for (const chart of ACCOUNT_CHARTS) {
    await expect(rows(page, chart)).toHaveCount(PERIODS.month);
  }
  await expect(table(page, "Users by type")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Snapshot download" })).toHaveCount(0);
  await lastCellMatches(page, await statsData(page, "user", "joe@example.com", "month"), "Logins by protocol", "logins", "Webmail");

  await page.getByRole("button", { name: "Sign out" }).click();
  await signedInAs(page, "joe@example.com");
  await page.goto("/users/joe@example.com?tab=stats");
  // Where the engine lets owners see their own stats: the charts; else its refusal.
  await expect(table(page, "Logins by protocol").or(page.getByRole("alert"))).toBeVisible();
  if (await table(page, "Logins by protocol").count()) {
    await expect(rows(page, "Logins by protocol")).toHaveCount(PERIODS.day);
  }
});

test("stats outside the caller's reach are refused", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/domains/example.com?tab=stats");
  await expect(page.getByRole("alert").first()).toContainText("not allowed");
  await expect(page.getByRole("table")).toHaveCount(0);
});

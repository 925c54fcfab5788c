import { readFileSync } from "node:fs";
import { test, expect, signedInAs } from "./fixtures";

const table = (page, name = "Users") => page.getByRole("table", { name });
const rows = (page, name = "Users") => table(page, name).locator("tbody tr");

test("the users table sorts, filters and pages with the state in the URL", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/domains/example.com");
  await page.getByRole("navigation", { name: "Domain" }).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/users\?domain=example\.com/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users of example.com");
  const jane = table(page).getByRole("row", { name: /jane@example\.com/ });
  await expect(jane.locator("td").nth(1)).toHaveText("mailbox");
  await expect(jane.locator("td").nth(2)).toHaveText("sales");
  await expect(jane.locator("td").nth(3)).toHaveText("active");
  await page.getByRole("columnheader", { name: /^User/ }).first().getByRole("link").click();
  await expect(page).toHaveURL(/sort=user/);
  await expect(page.getByRole("columnheader", { name: /^User/ }).first()).toHaveAttribute("aria-sort", "descending");
  // A link reproduces the view.
  await page.goto("/users?domain=example.com&q=j*&workgroup=sales");
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByRole("searchbox", { name: "Address matches" })).toHaveValue("j*");
  await expect(rows(page).first()).toContainText("jane@example.com");
  await page.goto("/users?domain=example.com&q=j*&limit=1");
  await expect(page.getByTestId("pager-range")).toHaveText(/^1–1 of /);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(rows(page).first()).toContainText("joe@example.com");
});

test("the users table shows how full each mailbox is and flags those past the warning", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/users?domain=example.com");
  await expect(table(page).getByRole("columnheader", { name: "Quota" })).toBeVisible();
  // The demo fills most of sam's 1 MB quota.
  const sam = table(page).getByRole("row", { name: /sam@example\.com/ });
  await expect(sam.getByRole("meter", { name: "Storage used" })).toHaveAttribute("aria-valuenow", /^9\d$/);
  await expect(sam.locator(".quota")).toHaveClass(/warning/);
  await expect(sam.locator(".quota")).toContainText(/\d+ KB of 1\.0 MB/);
  await expect(sam.locator(".quota .tag")).toHaveText(/^9\d% — past the 90% warning$/);
  // Well under the quota: the bar, no flag.
  const june = table(page).getByRole("row", { name: /june@example\.com/ });
  await expect(june.getByRole("meter", { name: "Storage used" })).toHaveAttribute("aria-valuenow", "0");
  await expect(june.locator(".quota")).toContainText(/KB of 5\.0 GB/);
  await expect(june.locator(".quota .tag")).toHaveCount(0);
  // The next page of a sort (rendered in the browser when hydrated) still has them.
  await page.getByRole("columnheader", { name: /^Status/ }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=status/);
  await expect(sam.locator(".quota .tag")).toHaveText(/past the 90% warning/);
  // The account page shows the same bar.
  await sam.getByRole("link", { name: "sam@example.com" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("sam@example.com");
  await expect(page.locator(".storage .quota.warning .tag")).toHaveText(/^9\d% — past the 90% warning$/);
});

test("a workgroup admin sees its workgroup, and nothing of other domains", async ({ page, errors }) => {
  await signedInAs(page, "mrmanager@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).first()).toContainText("jane@example.com");
  await page.goto("/users?domain=example.net");
  await expect(page.getByRole("alert")).toContainText("not allowed");
});

test("a users search exports as CSV, every row and only what the admin may see", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/users?domain=example.com&workgroup=sales&sort=user&dir=desc");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export these users (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("users-example.com.csv");
  const lines = readFileSync(await download.path(), "utf8").trim().split("\n");
  expect(lines[0]).toBe("user,type,workgroup,status,alias_target,forward_recipient,forward_recipient_count,createtime,lastlogin");
  expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["mrmanager@example.com", "june@example.com", "jane@example.com"]);
  expect(lines[1]).toMatch(/^mrmanager@example\.com,mailbox,sales,active,,,,\d+,/);
  // Signed out, or another company's domain: nothing.
  const other = await page.request.get("/export/users.csv?domain=other.org");
  expect(other.status()).toBe(403);
  await page.context().clearCookies();
  const anonymous = await page.request.get("/export/users.csv?domain=example.com");
  expect(anonymous.status()).toBe(401);
});

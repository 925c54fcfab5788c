import { test, expect, signedInAs, ROOT_PASSWORD } from "./fixtures";

const table = (page) => page.getByRole("table", { name: "Domains" });
const rows = (page) => table(page).locator("tbody tr");

test("the domains table with counts, sorting, filters and paging in the URL", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/domains");
  await expect(rows(page)).toHaveCount(2);
  const com = table(page).getByRole("row", { name: /example\.com/ });
  await expect(com.locator("td").nth(2)).toHaveText("13");
  await expect(com.locator("td").nth(7)).toHaveText("13");
  await page.getByRole("link", { name: "Users", exact: true }).click();
  await expect(page).toHaveURL(/sort=users/);
  await expect(page.getByRole("columnheader", { name: /^Users/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(rows(page).first()).toContainText("example.net");
  await page.getByRole("link", { name: /^Users/ }).click();
  await expect(rows(page).first()).toContainText("example.com");
  // A link reproduces the view.
  await page.goto("/domains?q=*.net&sort=users&dir=desc");
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByRole("searchbox", { name: "Name matches" })).toHaveValue("*.net");
  await page.goto("/domains?limit=1");
  await expect(page.getByTestId("pager-range")).toHaveText("1–1 of 2");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(rows(page).first()).toContainText("example.net");
});

test("the provider sees every company's domains, or one company's", async ({ page, errors }) => {
  await signedInAs(page, "postmaster", ROOT_PASSWORD);
  await page.goto("/domains");
  await expect(rows(page)).toHaveCount(3);
  await page.goto("/companies");
  await page.getByRole("table", { name: "Companies" }).getByRole("row", { name: /Other Inc/ }).getByRole("link", { name: "1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Domains of Other Inc");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("other.org");
});

test("a domain admin sees its own domain only", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/domains");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("example.net");
  await expect(page.getByRole("region", { name: "New domain" })).toHaveCount(0);
  await page.goto("/domains/example.com");
  await expect(page.getByRole("alert")).toContainText("not allowed");
});

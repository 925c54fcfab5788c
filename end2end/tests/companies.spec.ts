import { test, expect, signedInAs, ROOT_PASSWORD } from "./fixtures";

const rows = (page) => page.getByRole("table", { name: "Companies" }).locator("tbody tr");

test("the provider lists and searches companies", async ({ page, errors }) => {
  await signedInAs(page, "postmaster", ROOT_PASSWORD);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Companies" }).click();
  await expect(page).toHaveURL(/\/companies$/);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toContainText("Example Corp");
  await expect(rows(page).first()).toContainText("2");
  await page.goto("/companies?q=oth*");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("Other Inc");
  await page.goto("/companies?sort=domains&dir=desc&limit=1");
  await expect(page.getByTestId("pager-range")).toHaveText("1–1 of 2");
  await expect(rows(page).first()).toContainText("Example Corp");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(rows(page).first()).toContainText("Other Inc");
});

test("company admins have no companies list", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Companies" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Brands" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Company", exact: true })).toHaveAttribute("href", "/companies/Example%20Corp");
});

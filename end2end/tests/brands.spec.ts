import { test, expect, signedInAs, ROOT_PASSWORD } from "./fixtures";

test("brands are the provider's", async ({ page, errors }) => {
  await signedInAs(page, "postmaster", ROOT_PASSWORD);
  await page.goto("/brands");
  const table = page.getByRole("table", { name: "Brands" });
  await expect(table.locator("tbody tr").filter({ hasText: "Example Co Brand" })).toContainText("Example Corp");
});

test("company admins cannot manage brands", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/brands");
  // They may list their own company's brands (search_brands), not others'.
  await expect(page.getByRole("table", { name: "Brands" }).locator("tbody tr")).toHaveCount(1);
});

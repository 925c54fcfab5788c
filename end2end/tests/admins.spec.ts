import { test, expect, signedInAs } from "./fixtures";

const rows = (page) => page.getByRole("table", { name: "Admins" }).locator("tbody tr");

test("the admins table lists, pages and sorts, with the state in the URL", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/admins?limit=4");
  await expect(rows(page)).toHaveCount(4);
  await expect(page.getByTestId("pager-range")).toHaveText("1–4 of 10");
  await expect(rows(page).first()).toContainText("company_admin@example.com");
  await expect(rows(page).first()).toContainText("Company administrator");
  await expect(rows(page).first()).toContainText("Example Corp");

  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/first=4/);
  await expect(page.getByTestId("pager-range")).toHaveText("5–8 of 10");
  await expect(rows(page).first()).toContainText("mailco@example.com");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByTestId("pager-range")).toHaveText("9–10 of 10");
  await expect(page.getByText("Next →")).not.toHaveAttribute("href");
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("pager-range")).toHaveText("5–8 of 10");

  // Sort by role; the header says how the table is sorted.
  await page.getByRole("link", { name: "Role" }).click();
  await expect(page).toHaveURL(/sort=type/);
  await expect(page.getByRole("columnheader", { name: /Role/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(page.getByTestId("pager-range")).toHaveText("1–4 of 10");
  await expect(rows(page).first()).toContainText("company_admin@example.com");
  await page.getByRole("link", { name: /Role/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.getByRole("columnheader", { name: /Role/ })).toHaveAttribute("aria-sort", "descending");
  await expect(rows(page).first()).toContainText("helpdesk@example.com");
});

test("the admins table filters by name and role", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/admins");
  await expect(page.getByTestId("pager-range")).toHaveText("1–10 of 10");
  const search = page.getByRole("search");
  await search.getByRole("searchbox", { name: "Name matches" }).fill("m*");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=m\*|q=m%2A/);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId("pager-range")).toHaveText("1–3 of 3");
  await search.getByRole("combobox", { name: "Role" }).selectOption("workgroup");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("mrmanager@example.com");
  await expect(rows(page).first()).toContainText("example.com/sales");
});

test("a workgroup admin sees only its workgroup's admins", async ({ page, errors }) => {
  await signedInAs(page, "mrmanager@example.com");
  await page.goto("/admins");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("Workgroup administrator");
});

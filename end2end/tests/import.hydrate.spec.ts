import { readFileSync } from "node:fs";
import { test, expect, signedInAs } from "./fixtures";

// Writes happen in example.net so that the read-only specs of example.com see a fixed world.
const CSV =
  "user,name,password,quota\n" +
  "imp1@example.net,Imp One,Secret-pass1,100\n" +
  "imp2@example.net,Imp Two,,\n" +
  "bob@example.net,Bob Again,,\n" +
  "imp3@example.net,,,lots\n" +
  "imp4@other.org,,,\n";

test("users are imported from CSV: checked first, then created with progress and a report", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/users?domain=example.net");
  await page.getByRole("link", { name: "Import users from a CSV file" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import users into example.net");
  await page.getByLabel("CSV file").setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await expect(page.getByLabel(/^Rows/)).toHaveValue(CSV);

  // The check writes nothing and says what would fail, and why.
  await page.getByRole("button", { name: "Check the rows" }).click();
  await expect(page.getByRole("status")).toHaveText("Check done: 2 rows can be imported, 3 cannot.");
  const failed = page.getByRole("table", { name: "Rows that failed" });
  await expect(failed.locator("tbody tr")).toHaveCount(3);
  await expect(failed.getByRole("row", { name: /bob@example\.net/ })).toContainText("Object already exists");
  await expect(failed.getByRole("row", { name: /imp3/ })).toContainText("quota: `lots` is not a whole number");
  await expect(failed.getByRole("row", { name: /imp4/ })).toContainText("Not an address of example.net");
  const listed = await page.request.get("/export/users.csv?domain=example.net&q=imp*");
  expect((await listed.text()).trim().split("\n")).toHaveLength(1);

  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Import done: 2 users created, 3 rows failed.");
  await expect(page.getByLabel("Progress")).toHaveAttribute("value", "5");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the report (CSV)" }).click(),
  ]);
  const report = readFileSync(await download.path(), "utf8").trim().split("\n");
  expect(report[0]).toBe("line,user,result");
  expect(report[1]).toBe("2,imp1@example.net,created");
  expect(report[3]).toBe("4,bob@example.net,Object already exists");

  // The new users are there, as change_user would have made them.
  await page.getByRole("link", { name: "See the users" }).click();
  const table = page.getByRole("table", { name: "Users" });
  for (const name of ["imp1@example.net", "imp2@example.net"]) {
    await expect(table.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  }
  await page.goto("/users/imp1@example.net");
  await expect(page.getByLabel(/^Name/)).toHaveValue("Imp One");
  // Leave example.net as it was.
  await page.goto("/users?domain=example.net&q=imp*");
  for (const name of ["imp1@example.net", "imp2@example.net"]) {
    const row = table.getByRole("row", { name: new RegExp(name) });
    await row.getByRole("button", { name: "Delete" }).click();
    await row.getByRole("button", { name: "Yes, delete" }).click();
    await expect(row).toHaveCount(0);
  }
});

test("a file the import cannot read is refused as a whole, with the reason", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/import/users?domain=example.net");
  await page.getByLabel(/^Rows/).fill("name,mood\nAnn,happy\n");
  await page.getByRole("button", { name: "Check the rows" }).click();
  await expect(page.getByRole("alert")).toContainText("The first line must name the columns, one of them `user`");
  await page.getByLabel(/^Rows/).fill("user,mood\nann@example.net,happy\n");
  await page.getByRole("button", { name: "Check the rows" }).click();
  await expect(page.getByRole("alert")).toContainText("Unknown columns: mood");
});

test("an admin imports only where it may create users", async ({ page, errors }) => {
  await signedInAs(page, "mrmanager@example.com");
  await page.goto("/import/users?domain=example.com");
  await page.getByLabel(/^Rows/).fill("user,workgroup\nmr1@example.com,sales\nmr2@example.com,staff\n");
  await page.getByRole("button", { name: "Check the rows" }).click();
  await expect(page.getByRole("status")).toHaveText("Check done: 1 row can be imported, 1 cannot.");
  await expect(page.getByRole("table", { name: "Rows that failed" })).toContainText("mr2@example.com");
});

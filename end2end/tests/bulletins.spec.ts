import { test, expect, signedInAs } from "./fixtures";

const admin = { user: "company_admin@example.com", password: "demo-Pass1" };
const TEXT = "From: Office <office@example.com>\nSubject: Fire drill\n\nAt 10:00 on Friday.\n";

async function oma(page, method: string, data: object) {
  const r = await page.request.post(`/api/${method}`, { data: { credentials: admin, ...data } });
  expect((await r.json()).success).toBe(true);
}

// Reading bulletins: the list and the editor render on the server too.
test("the bulletins list and a bulletin's text", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await oma(page, "change_company_bulletin", { company: "Example Corp", bulletin: "Fire drill", type: "manual", bulletin_text: TEXT });
  try {
    await page.goto("/companies/Example%20Corp?tab=bulletins");
    const row = page.getByRole("table", { name: "Bulletins" }).locator("tr[data-bulletin='manual:Fire drill']");
    await expect(row.locator("td")).toHaveText(["Fire drill", "manual", "never", /0 of 0/]);
    await row.getByRole("link", { name: "Fire drill" }).click();
    await expect(page).toHaveURL(/edit=manual:Fire%20drill|edit=manual:Fire drill/);
    await expect(page.getByRole("heading", { name: "Bulletin “Fire drill”" })).toBeVisible();
    await expect(page.getByLabel("Message (headers, a blank line, the text)")).toHaveValue(TEXT);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Fire drill");
  } finally {
    await oma(page, "change_company_bulletin", { company: "Example Corp", bulletin: "Fire drill", type: "manual" });
  }
  await page.goto("/domains/example.net?tab=bulletins");
  await expect(page.getByText("No bulletins yet.")).toBeVisible();
});

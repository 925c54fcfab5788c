import { test, expect, signedInAs } from "./fixtures";

const TEXT = "From: Office <office@example.com>\nSubject: Lunch for {'name'}\n\nHello {'name'},\nlunch is at noon.\n";

// Other Inc: its mailboxes are no other spec's business (a post reaches every one).
test("writing, previewing, testing and posting a company bulletin", async ({ page, errors }) => {
  await signedInAs(page, "other_admin@other.org");
  await page.goto("/companies/Other%20Inc?tab=bulletins");
  await expect(page.getByRole("navigation", { name: "Company" }).getByRole("link", { name: "Bulletins" }))
    .toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: "New bulletin" }).click();
  await expect(page).toHaveURL(/edit=new/);
  const form = page.getByRole("form", { name: "Bulletin" });
  await form.getByLabel("Name", { exact: true }).fill("Lunch");
  await form.getByLabel("Message (headers, a blank line, the text)").fill(TEXT);

  // The preview is rendered for the chosen recipient as the text changes.
  await page.getByLabel("As received by").fill("alice@other.org");
  const preview = page.getByTestId("preview");
  await expect(preview).toContainText("Subject: Lunch for Alice Other");
  await expect(preview).toContainText("Hello Alice Other,");
  await expect(preview).toContainText(/Date: \w{3}, \d{2} \w{3} \d{4}/);
  await form.getByLabel("Message (headers, a blank line, the text)").fill("Subject: no sender\n\nHi\n");
  await expect(page.getByRole("alert")).toContainText("A bulletin needs a From header");
  await form.getByLabel("Message (headers, a blank line, the text)").fill(TEXT);
  await page.getByLabel("As received by").fill("joe@example.com");
  await expect(page.getByRole("alert")).toContainText("User does not exist");
  await page.getByLabel("As received by").fill("alice@other.org");
  await expect(preview).toContainText("Hello Alice Other,");

  await form.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/edit=manual:Lunch/);
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("Lunch");

  // A test goes to one account; an address that is no account is refused.
  const send = page.getByRole("region", { name: "Send" });
  await send.getByLabel("Test address").fill("nobody@other.org");
  await send.getByRole("button", { name: "Send test" }).click();
  await expect(send.getByRole("alert")).toContainText("User does not exist");
  await send.getByLabel("Test address").fill("alice@other.org");
  await send.getByRole("button", { name: "Send test" }).click();
  await expect(send.getByRole("status")).toHaveText("Sent.");

  // The post to everyone, with its progress until every mailbox has it.
  await send.getByRole("button", { name: "Post to everyone" }).click();
  await send.getByRole("button", { name: "Post", exact: true }).click();
  await expect(send.getByTestId("progress")).toContainText(/Last post:\s+([1-9]\d*) of \1$/);
  const done = await send.getByTestId("progress").textContent();
  expect(Number(/(\d+) of/.exec(done ?? "")?.[1])).toBeGreaterThanOrEqual(2);
  await page.getByRole("link", { name: "← All bulletins" }).click();
  const row = page.getByRole("table", { name: "Bulletins" }).locator("tr[data-bulletin='manual:Lunch']");
  await expect(row).toContainText("manual");
  await expect(row.getByRole("progressbar")).toBeVisible();

  // It arrived, rendered for each: the test and the post in Alice's INBOX.
  await page.goto("/users/alice@other.org?tab=mail");
  await expect(page.getByRole("table", { name: "Messages" }).locator("tbody.message", { hasText: "Lunch for Alice Other" }))
    .toHaveCount(2);

  // Delete it (and leave the company as the other tests expect it).
  await page.goto("/companies/Other%20Inc?tab=bulletins&edit=manual:Lunch");
  await page.getByRole("button", { name: "Delete bulletin" }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Deleted.");
  await page.getByRole("link", { name: "Back to all bulletins" }).click();
  await expect(page).toHaveURL(/tab=bulletins$/);
  await expect(page.getByText("No bulletins yet.")).toBeVisible();
});

test("a domain's auto bulletin reaches a new account; others only read", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/domains/example.com?tab=bulletins&edit=new");
  const form = page.getByRole("form", { name: "Bulletin" });
  await form.getByLabel("Name", { exact: true }).fill("Welcome");
  await form.getByLabel("Type").selectOption("auto");
  await form.getByLabel("Message (headers, a blank line, the text)")
    .fill("From: IT <it@example.com>\nSubject: Welcome to example.com\n\nYour address: {'account'}\n");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/edit=auto:Welcome/);
  const created = await page.request.post("/api/change_user", {
    data: { credentials: { user: "domain_admin@example.com", password: "demo-Pass1" }, user: "welcome-e2e@example.com",
            attributes: { password: "Welcome-e2e-1" } },
  });
  expect((await created.json()).success).toBe(true);
  await page.goto("/users/welcome-e2e@example.com?tab=mail");
  await expect(page.getByRole("table", { name: "Messages" })).toContainText("Welcome to example.com");
  await page.goto("/domains/example.com?tab=bulletins");
  await expect(page.locator("tr[data-bulletin='auto:Welcome']")).toContainText("1 of 1");

  // A mail admin reads the list but writes nothing.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signedInAs(page, "mail_admin@example.com");
  await page.goto("/domains/example.com?tab=bulletins");
  await expect(page.locator("tr[data-bulletin='auto:Welcome']")).toBeVisible();
  await expect(page.getByRole("link", { name: "New bulletin" })).toHaveCount(0);
  await page.getByRole("link", { name: "Welcome" }).click();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Send" })).toHaveCount(0);

  // Clean up: the bulletin and the account.
  const admin = { user: "domain_admin@example.com", password: "demo-Pass1" };
  for (const [method, data] of [
    ["change_domain_bulletin", { domain: "example.com", bulletin: "Welcome", type: "auto" }],
    ["delete_user", { user: "welcome-e2e@example.com" }],
  ] as const) {
    const r = await page.request.post(`/api/${method}`, { data: { credentials: admin, ...data } });
    expect((await r.json()).success).toBe(true);
  }
});

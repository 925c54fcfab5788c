import { test, expect, signedInAs, PASSWORD, ROOT_PASSWORD } from "./fixtures";

// Writes happen in example.net so that the read-only specs of example.com see a fixed world.
const tabs = (page) => page.getByRole("navigation", { name: "Account" });
const field = (page, attribute: string) => page.locator(`[data-attribute="${attribute}"]`);
const save = async (page) => {
  await page.getByRole("button", { name: "Save settings" }).click();
};
const saved = async (page) => {
  await save(page);
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
};
const switchTo = async (page, user: string, password = PASSWORD) => {
  await page.context().clearCookies();
  await signedInAs(page, user, password);
};

test("editing an account: saved values, field errors, rename", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/users/bob@example.net");
  await expect(tabs(page).getByRole("link")).toHaveText([
    "Account", "Password", "Delivery", "Out of office", "Aliases", "Allow/block", "Spam", "Services & quota", "Advanced", "Mail",
    "Deleted mail", "Stats", "Rename", "History",
  ]);
  await page.getByLabel(/^Title/).fill("Net Ops");
  await saved(page);
  await page.reload();
  await expect(page.getByLabel(/^Title/)).toHaveValue("Net Ops");
  await page.getByLabel(/^Title/).fill("");
  await saved(page);

  await tabs(page).getByRole("link", { name: "Services & quota" }).click();
  await page.getByLabel(/^Quota/).fill("99999999");
  await save(page);
  await expect(field(page, "quota").getByRole("alert")).toContainText("Not a number");

  await tabs(page).getByRole("link", { name: "Rename" }).click();
  await page.getByLabel("New address").fill("netadmin@example.net");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("alert")).toContainText("already exists");
  await page.getByLabel("New address").fill("robert@example.net");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("robert@example.net");
  await tabs(page).getByRole("link", { name: "Rename" }).click();
  await page.getByLabel("New address").fill("bob@example.net");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("bob@example.net");
});

test("delivery and out of office offer only what the account type allows", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/users/bob@example.net?tab=delivery");
  const delivery = page.getByLabel(/^Incoming mail is/);
  await delivery.selectOption("local+forward");
  await page.getByLabel(/^Forward to/).fill("bob@elsewhere.org\nnot an address");
  await save(page);
  await expect(field(page, "forward_recipients").getByRole("alert")).toContainText("not an address");
  await page.getByLabel(/^Forward to/).fill("bob@elsewhere.org");
  await saved(page);
  await page.reload();
  await expect(delivery).toHaveValue("local+forward");
  await expect(page.getByLabel(/^Forward to/)).toHaveValue("bob@elsewhere.org");
  await page.goto("/users?domain=example.net&q=bob*");
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: /bob@example\.net/ })).toContainText("bob@elsewhere.org");

  await page.goto("/users/bob@example.net?tab=autoreply");
  await page.getByLabel(/^Send automatic replies/).selectOption("true");
  await page.getByLabel(/^Reply subject/).fill("Away until Christmas");
  await page.getByLabel(/^Reply text/).fill("I am away.");
  await page.getByLabel(/^Replies start on/).fill("2026-12-01");
  await page.getByLabel(/^Replies end on/).fill("2026-12-24");
  await saved(page);
  await page.reload();
  await expect(page.getByLabel(/^Replies end on/)).toHaveValue("2026-12-24");
  await expect(page.getByLabel(/^Reply subject/)).toHaveValue("Away until Christmas");

  await tabs(page).getByRole("link", { name: "History" }).click();
  await page.getByLabel("Show").selectOption("autoresponder_option_enddate");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("table", { name: "History of Replies end on" })).toContainText("2026-12-24");

  // Back as it was.
  await page.goto("/users/bob@example.net?tab=autoreply");
  await page.getByLabel(/^Send automatic replies/).selectOption("false");
  await page.getByLabel(/^Replies start on/).fill("");
  await page.getByLabel(/^Replies end on/).fill("");
  await saved(page);
  await tabs(page).getByRole("link", { name: "Delivery" }).click();
  await delivery.selectOption("local");
  await page.getByLabel(/^Forward to/).fill("");
  await saved(page);
  await page.reload();
  await expect(delivery).toHaveValue("local");
});

test("refusals are explained: alias taken or invalid, service suspended above, domain full, address invalid", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/users/bob@example.net?tab=aliases");
  const aliases = page.getByLabel(/^Alias addresses/);
  await aliases.fill("netadmin@example.net");
  await save(page);
  await expect(page.getByRole("alert").first()).toContainText("already exists");
  await aliases.fill("not an address");
  await save(page);
  await expect(field(page, "aliases").getByRole("alert")).toContainText("not an address");
  await aliases.fill("bobby@example.net");
  await saved(page);
  await page.reload();
  await expect(aliases).toHaveValue("bobby@example.net");
  await aliases.fill("");
  await saved(page);

  // A service the company suspended stays suspended for the domain admin.
  await switchTo(page, "company_admin@example.com");
  await page.goto("/users/bob@example.net?tab=services");
  await page.getByLabel(/^POP3/).selectOption("suspended");
  await saved(page);
  await switchTo(page, "netadmin@example.net");
  await page.goto("/users/bob@example.net?tab=services");
  await page.getByLabel(/^POP3/).selectOption("enabled");
  await save(page);
  await expect(page.getByRole("alert").first()).toContainText("may not change");
  await expect(field(page, "service_pop3").getByRole("alert")).toContainText("Suspended by a higher-level administrator");
  await switchTo(page, "company_admin@example.com");
  await page.goto("/users/bob@example.net?tab=services");
  await page.getByLabel(/^POP3/).selectOption("enabled");
  await saved(page);

  // The provider caps the domain; a new user is then refused.
  await switchTo(page, "postmaster", ROOT_PASSWORD);
  await page.goto("/domains/example.net");
  await page.getByLabel(/^User limit/).fill("1");
  await saved(page);
  await page.goto("/users?domain=example.net");
  const form = page.getByRole("region", { name: "New user" });
  await form.getByLabel("Address").fill("overflow");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("alert")).toContainText("limit of users");
  await form.getByLabel("Address").fill("two..dots");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("alert")).toContainText("user:");
  await page.goto("/domains/example.net");
  await page.getByLabel(/^User limit/).fill("");
  await saved(page);
});

test("passwords: strength hint, typed twice, and the owner gives the current one", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/users/bob@example.net?tab=password");
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  await page.getByLabel("New password", { exact: true }).fill("abc");
  await expect(page.getByTestId("strength")).toHaveText("Very weak");
  await page.getByLabel("New password", { exact: true }).fill("tulip-Fence9");
  await expect(page.getByTestId("strength")).toHaveText("Strong");
  await page.getByLabel("New password again").fill("tulip-Fence");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The two new passwords differ")).toBeVisible();
  await page.getByLabel("New password again").fill("tulip-Fence9");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed.");

  await switchTo(page, "bob@example.net", "tulip-Fence9");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My account" }).click();
  await tabs(page).getByRole("link", { name: "Password" }).click();
  await page.getByLabel("Current password").fill("not-it");
  await page.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("New password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator(".field-hint", { hasText: "This is not the account's current password" })).toBeVisible();
  await page.getByLabel("Current password").fill("tulip-Fence9");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed.");
  // This session stays open.
  await page.reload();
  await expect(page.getByTestId("who-name")).toHaveText("bob@example.net");
});

test("a mailbox owner sets its own out-of-office and senders", async ({ page, errors }) => {
  await signedInAs(page, "bob@example.net");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My account" }).click();
  await page.getByLabel(/^Phone/).fill("555-0100");
  await saved(page);
  await page.getByLabel(/^Phone/).fill("");
  await saved(page);
  await tabs(page).getByRole("link", { name: "Out of office" }).click();
  await page.getByLabel(/^Send automatic replies/).selectOption("true");
  await page.getByLabel(/^Reply text/).fill("Back soon.");
  await saved(page);
  await page.getByLabel(/^Send automatic replies/).selectOption("false");
  await saved(page);
  await tabs(page).getByRole("link", { name: "Allow/block" }).click();
  await page.getByLabel(/^Blocked senders/).fill("*@spam.example");
  await saved(page);
  await page.reload();
  await expect(page.getByLabel(/^Blocked senders/)).toHaveValue("*@spam.example");
  await page.getByLabel(/^Blocked senders/).fill("");
  await saved(page);
});

test("an account is deleted from its own page, after a confirmation", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/users?domain=example.net");
  const form = page.getByRole("region", { name: "New user" });
  await form.getByLabel("Address").fill("shortlived");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toHaveText("User created.");
  await page.goto("/users/shortlived@example.net");
  await page.getByRole("button", { name: "Delete account" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("shortlived@example.net");
  await page.getByRole("button", { name: "Delete account" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page).toHaveURL(/\/users\?domain=example\.net$/);
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: /shortlived@example\.net/ })).toHaveCount(0);
  await page.goto("/users/shortlived@example.net");
  await expect(page.getByRole("alert")).toBeVisible();
});

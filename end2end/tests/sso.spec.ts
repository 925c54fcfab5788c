import { test, expect, ready, ROOT_PASSWORD } from "./fixtures";

/** An sso token made through the OMA, as a provider's billing system would. */
async function ssoToken(request, user: string, oma = false): Promise<string> {
  const response = await request.post("/api/generate_token", {
    data: { credentials: { user: "postmaster", password: ROOT_PASSWORD }, user, type: "sso", oma, reason: "browser test" },
  });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.success).toBe(true);
  return body.token;
}

test("a one-time sso link signs in once", async ({ page, request, errors }) => {
  const token = await ssoToken(request, "joe@example.com");
  await page.goto(`/login?user=joe@example.com&token=${token}`);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("who-name")).toHaveText("joe@example.com");
  await ready(page);
  // Used up: the same link now explains itself on the sign-in page.
  await page.context().clearCookies();
  await page.goto(`/login?user=joe@example.com&token=${token}`);
  await expect(page).toHaveURL(/\/login\?error=sso/);
  await expect(page.getByRole("alert")).toContainText("not valid");
});

test("an sso link without OMA power signs an admin in for self-service only", async ({ page, request, errors }) => {
  const token = await ssoToken(request, "domain_admin@example.com");
  await page.goto(`/login?user=domain_admin@example.com&token=${token}`);
  await expect(page.getByTestId("who-role")).toHaveText("Mailbox owner");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admins" })).toHaveCount(0);
  const full = await ssoToken(request, "domain_admin@example.com", true);
  await page.context().clearCookies();
  await page.goto(`/login?user=domain_admin@example.com&token=${full}`);
  await expect(page.getByTestId("who-role")).toHaveText("Domain administrator · example.com");
});

"""Steps shared by the browser walkthroughs."""


def submit(page, button: str, url: str):
    """Click ``button`` and expect to land on ``url``; a refused form fails with its errors."""
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    errors = page.locator(".form-errors, ul.errors").all_inner_texts()
    assert not errors, errors
    page.wait_for_url(url)


def sign_in(page, server, email, password):
    page.goto(f"{server.url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    submit(page, "Sign in", f"{server.url}/dashboard")

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


def last_link(server, path: str) -> str:
    """The link to ``path`` in the newest message the live server sent (MAIL_URL folder)."""
    import email
    import re
    from email import policy
    from pathlib import Path

    folder = Path(server.app.config["MAIL_URL"].removeprefix("file://"))
    newest = max(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    text = email.message_from_bytes(newest.read_bytes(), policy=policy.default).get_body(
        ("plain",)).get_content()
    return re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", text).group(1)

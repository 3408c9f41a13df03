"""The spreadsheet wizard: upload, columns mapped, dry run (nothing written), then import."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from supplierlink.organisations.models import Organisation
from tests.factories import valid_rut


def count_orgs(session):
    return session.scalar(select(func.count()).select_from(Organisation))


def test_upload_map_dry_run_then_import_the_valid_rows(client, login, make_user, session,
                                                       reference_data):
    login(make_user(None, is_admin=True))
    csv = ("Nome empresarial,CNPJ / identificação fiscal,País,Funcionários\n"
           f"Ferramentas Andinas SpA,{valid_rut(7001)},CL,10\n"
           "Linha ruim,123,CL,-1\n").encode()
    # the columns are in Portuguese, but the tax ids are Chilean: the mapping is by header
    response = client.post("/admin/imports/sheets/", data={
        "kind": "suppliers", "file": (io.BytesIO(csv), "fornecedores.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    review_url = response.headers["Location"]
    page = client.get(review_url)
    assert page.status_code == 200
    assert '<option value="legal_name" selected>' in page.text
    assert '<option value="tax_id" selected>' in page.text
    mapping = {"col-0": "legal_name", "col-1": "tax_id", "col-2": "country",
               "col-3": "employees"}
    before = count_orgs(session)
    dry = client.post(review_url, data={**mapping, "step": "dry_run"})
    # line numbers count the header: the bad row is line 3, and only it is refused
    assert dry.status_code == 200 and "<tr><td>3</td>" in dry.text
    assert "<tr><td>2</td>" not in dry.text and 'value="commit"' in dry.text
    assert count_orgs(session) == before
    done = client.post(review_url, data={**mapping, "step": "commit"})
    assert done.status_code == 200 and count_orgs(session) == before + 1
    assert session.scalar(select(Organisation).where(
        Organisation.legal_name == "Ferramentas Andinas SpA")) is not None
    assert client.get(review_url).status_code == 404  # the upload is gone once imported


def test_a_required_field_without_column_is_asked_for(client, login, make_user, session):
    login(make_user(None, is_admin=True))
    response = client.post("/admin/imports/sheets/", data={
        "kind": "suppliers", "file": (io.BytesIO(b"Name,Country\nA,CL\n"), "x.csv")},
        content_type="multipart/form-data")
    url = response.headers["Location"]
    answer = client.post(url, data={"col-0": "legal_name", "col-1": "country",
                                    "step": "dry_run"})
    assert answer.status_code == 422


def test_templates_download_in_three_languages(client, login, make_user):
    login(make_user(None, is_admin=True))
    es = client.get("/admin/imports/sheets/template/suppliers-es.csv")
    pt = client.get("/admin/imports/sheets/template/certificates-pt.csv")
    assert "Razón social" in es.data.decode("utf-8-sig")
    assert "Norma" in pt.data.decode("utf-8-sig")
    assert client.get("/admin/imports/sheets/template/suppliers-fr.csv").status_code == 404

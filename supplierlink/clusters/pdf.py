"""The report to sponsors as a PDF (fpdf2, its built-in Helvetica: no font files needed).

The built-in fonts cover Latin-1, which holds every letter of Spanish and Portuguese; the few
typographic signs outside it are replaced by their plain equivalents."""

from __future__ import annotations

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from fpdf import FPDF

from supplierlink.clusters.wording import ZONE_LABELS

REPLACEMENTS = {"—": "-", "–": "-", "’": "'", "“": '"', "”": '"', "…": "...", "≤": "<=",
                "≥": ">=", "×": "x", "→": "->"}


def text(value) -> str:
    out = str(value if value is not None else "-")
    for char, plain in REPLACEMENTS.items():
        out = out.replace(char, plain)
    return out.encode("latin-1", "replace").decode("latin-1")


def pct(value) -> str:
    return "-" if value is None else format_percent(value, format="#,##0.0%")


class ReportPDF(FPDF):
    def header(self):
        self.set_font("Helvetica", "B", 9)
        self.set_text_color(90, 100, 110)
        self.cell(0, 6, text("SupplierLink"), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, text(f"{self.page_no()}"), align="C")

    def heading(self, title: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", "B", 12)
        self.cell(0, 8, text(title), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 9)

    def paragraph(self, line: str) -> None:
        self.multi_cell(0, 5, text(line), new_x="LMARGIN", new_y="NEXT")

    def grid(self, header: list[str], rows: list[list]) -> None:
        if not rows:
            self.paragraph(_("Nothing to report."))
            return
        with self.table(text_align="LEFT", line_height=5, first_row_as_headings=True) as table:
            table.row([text(h) for h in header])
            for row in rows:
                table.row([text(v) for v in row])


def report_pdf(report: dict) -> bytes:
    cluster, change = report["cluster"], report["change"]
    pdf = ReportPDF(orientation="portrait", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, text(_("Report to sponsors: %(name)s", name=cluster.name)),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.paragraph(_("Period: %(start)s to %(end)s", start=format_date(report["start"]),
                    end=format_date(report["end"])))
    for item in report["programmes"]:
        data, programme = item.data, item.programme
        outlook = data["forecast"]
        pdf.heading(_("Programme: %(name)s", name=programme.name))
        pdf.paragraph(_("Target: %(achieved)s of %(target)s suppliers (%(percent)s%%) by "
                        "%(deadline)s. %(forecast)s", achieved=outlook.achieved,
                        target=outlook.target, percent=data["percent"],
                        deadline=format_date(programme.end_date),
                        forecast=data["forecast_label"]))
        if outlook.projected_date:
            pdf.paragraph(_("At the current pace the target is reached on %(day)s.",
                            day=format_date(outlook.projected_date)))
        pdf.grid([_("Stage"), _("Suppliers"), _("Reached or beyond")],
                 [[r["label"], r["count"], r["reached"]] for r in data["funnel"]])
        pdf.ln(2)
        pdf.grid([_("KPI"), _("Suppliers"), _("Median change from baseline"),
                  _("Improved")],
                 [[r["label"], r["n"], "-" if r["median_pct_change"] is None
                   else f"{format_decimal(round(r['median_pct_change'], 1))} %",
                   f"{r['improved_pct']} %"] for r in data["kpis"]])
        pdf.ln(2)
        pdf.grid([_("KPI"), _("Enrolled: median change"), _("Comparison group: median change")],
                 [[label, pct(a), pct(b)] for label, (a, b) in item.comparison.items()])
        pdf.ln(2)
        pdf.paragraph(_("At risk"))
        pdf.grid([_("Supplier"), _("Severity"), _("Why")],
                 [[r.enrolment.supplier.display_name, r.severity_label, "; ".join(r.reasons)]
                  for r in data["at_risk"]])
    pdf.heading(_("Cluster figures"))
    pdf.grid([_("Figure"), format_date(report["start"]), format_date(report["end"])],
             [list(row) for row in report["figures"]])
    pdf.heading(_("Network change"))
    pdf.paragraph(_("Organisations with ties: %(a)s then, %(b)s now. Ties: %(c)s then, %(d)s "
                    "now. New ties in the period: %(n)s.", a=change.nodes_before,
                    b=change.nodes_after, c=change.ties_before, d=change.ties_after,
                    n=len(change.new_ties)))
    names = report["names"]
    if report["new_bridge_names"]:
        pdf.paragraph(_("New bridges: %(names)s", names=", ".join(report["new_bridge_names"])))
    pdf.heading(_("Local content (GRI 204-1)"))
    header = [_("Lead firm"), _("Year")] + [str(ZONE_LABELS[z]) for z in ZONE_LABELS]
    pdf.grid(header, [[names.get(r.buyer_id, r.buyer_id), r.year]
                      + [f"{pct(r.spend_share(z))} / {pct(r.award_share(z))}"
                         for z in ZONE_LABELS] for r in report["local"]])
    pdf.paragraph(_("Each cell: share of awarded spend / share of awards."))
    return bytes(pdf.output())

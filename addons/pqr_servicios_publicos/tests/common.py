import io
import re
from datetime import datetime

from PyPDF2 import PdfFileReader

from odoo.tests import TransactionCase, new_test_user

MODULE = "pqr_servicios_publicos"


def render_pdf_text(case, report, records):
    """Render ``report`` (an xmlid of this addon) as a real PDF and return its text,
    whitespace normalised. Needs an HttpCase: wkhtmltopdf fetches the assets from the
    test server."""
    pdf, report_type = (
        case.env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(f"{MODULE}.{report}", records.ids)
    )
    case.assertEqual(report_type, "pdf")
    case.assertTrue(pdf.startswith(b"%PDF"))
    text = " ".join(
        " ".join(page.extractText().split())
        for page in PdfFileReader(io.BytesIO(pdf)).pages
    )
    # the extraction puts a space between two text runs (spans): drop it before
    # punctuation
    return re.sub(r" ([,.;:)])", r"\1", text).replace("( ", "(")


class PqrCase(TransactionCase):
    """Users per role, a subscriber with a service account, and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        groups = {
            "manager": f"{MODULE}.group_pqr_manager",
            "clerk": f"{MODULE}.group_pqr_clerk",
            "area": f"{MODULE}.group_pqr_area",
            "area_other": f"{MODULE}.group_pqr_area",
            "technician": f"{MODULE}.group_pqr_technician",
            "billing": f"{MODULE}.group_pqr_billing",
        }
        cls.users = {
            role: new_test_user(cls.env, login=f"pqr_test_{role}", groups=group)
            for role, group in groups.items()
        }
        cls.employee = new_test_user(cls.env, login="pqr_test_employee")
        cls.area = cls.env["pqr.area"].create(
            {
                "name": "Subgerencia Técnica Operativa",
                "member_ids": [(4, cls.users["area"].id)],
                "manager_id": cls.users["area"].id,
            }
        )
        cls.area_other = cls.env["pqr.area"].create(
            {"name": "Facturación", "member_ids": [(4, cls.users["area_other"].id)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ana Suscriptora", "email": "ana@example.com", "vat": "1020304050"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Otro Suscriptor", "email": "otro@example.com"}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="pqr_test_portal",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.account = cls.env["pqr.service.account"].create(
            {
                "name": "0100234",
                "partner_id": cls.customer.id,
                "street": "Calle 10 # 4-21",
                "estrato": "2",
                "service_waste": False,
            }
        )
        cls.type_peticion = cls.env.ref(f"{MODULE}.pqr_type_peticion")
        cls.type_reclamo = cls.env.ref(f"{MODULE}.pqr_type_reclamo")

    @classmethod
    def _pqr_vals(cls, **values):
        vals = {
            "partner_id": cls.customer.id,
            "type_id": cls.type_peticion.id,
            "channel": "written",
            "service": "water",
            # Tue 3 Mar 2026, 10:00 in Bogotá (UTC-5)
            "date_received": datetime(2026, 3, 3, 15, 0),
        }
        vals.update(values)
        return vals

    @classmethod
    def _create_pqr(cls, **values):
        return cls.env["pqr.request"].create(cls._pqr_vals(**values))

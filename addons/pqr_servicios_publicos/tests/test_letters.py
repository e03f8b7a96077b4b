import base64
import io
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time
from lxml import html as lxml_html
from PyPDF2 import PdfFileReader

from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_open, format_date

from ..models.pqr_common import transition
from .common import MODULE, render_pdf_text

SSPD = "Superintendencia de Servicios Públicos Domiciliarios"


@tagged("post_install", "-at_install")
class TestLetters(HttpCase):
    """The decision and its notification letters, read back from the PDF.

    wkhtmltopdf fetches the report's assets from the test server: HttpCase (a
    TransactionCase hangs)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "Aguas de Prueba S.A. E.S.P.",
                "vat": "900123456-7",
                "street": "Carrera 5 # 10-20",
                "city": "Villeta",
                "state_id": False,
                "email": "pqr@aguas.example.com",
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Marta Usuaria", "vat": "52123456", "lang": "en_US"}
        )
        cls.account = cls.env["pqr.service.account"].create(
            {
                "name": "0200777",
                "partner_id": cls.partner.id,
                "street": "Calle 8 # 3-45",
            }
        )
        # the bill of February: 225,000, of which 180,000 disputed
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.partner.id,
                "invoice_date": "2026-02-10",
                "invoice_line_ids": [
                    (0, 0, {"name": "Acueducto", "price_unit": 225000, "tax_ids": []})
                ],
            }
        )
        cls.invoice.action_post()
        cls.pqr = cls.env["pqr.request"].create(
            {
                "partner_id": cls.partner.id,
                "type_id": cls.env.ref(f"{MODULE}.pqr_type_reclamo").id,
                "channel": "written",
                "service": "water",
                "service_account_id": cls.account.id,
                "subject": "Excessive consumption billed in February",
                "amount_disputed": 180000,
                "invoice_ids": [(6, 0, cls.invoice.ids)],
                # Tue 3 Mar 2026, 10:00 in Bogotá
                "date_received": datetime(2026, 3, 3, 15, 0),
            }
        )
        cls.pqr.write(
            {
                "response_type_id": cls.env.ref(f"{MODULE}.pqr_response_type_3").id,
                "response_body": "<p>The meter reading of 12 February was verified "
                "on site: the consumption billed is correct.</p>",
            }
        )
        cls.pqr.action_issue_decision()

    def _pdf_text(self, report, records):
        return render_pdf_text(self, report, records)

    def _date(self, day):
        return format_date(self.env, day, lang_code="en_US")

    def _assert_decision(self, text, pqr):
        """What identifies the decision in every letter."""
        self.assertIn("Aguas de Prueba S.A. E.S.P. NIT 900123456-7", text, "letterhead")
        self.assertIn(pqr.name, text)
        self.assertIn(pqr.response_number, text)
        self.assertIn("Marta Usuaria", text)
        self.assertIn("52123456", text)
        self.assertIn("Calle 8 # 3-45", text)

    def _assert_first_instance_recursos(self, text):
        self.assertIn(
            "Against this decision lie the recurso de reposición before Aguas de "
            f"Prueba S.A. E.S.P., and subsidiarily the recurso de apelación before the "
            f"{SSPD}, within 5 business days after its notification (Ley 142 de 1994 "
            "arts. 154 and 159)",
            text,
        )

    def test_response_letter(self):
        pqr = self.pqr
        self.assertTrue(pqr.response_number)
        text = self._pdf_text("report_pqr_response", pqr)
        self._assert_decision(text, pqr)
        self.assertIn(f"Villeta, {self._date(pqr.date_response)}", text)
        self.assertIn(f"filed on {self._date(pqr.date_filed)}", text)
        self.assertIn("Excessive consumption billed in February", text)
        self.assertIn("Does not grant", text)
        self.assertIn("the consumption billed is correct", text)
        self._assert_first_instance_recursos(text)
        self.assertIn("Carrera 5 # 10-20, Villeta", text, "where recursos are filed")
        # billing claim: what must be paid to appeal, never the disputed amount
        self.assertIn("45,000.00", text)
        self.assertIn(
            "Payment of the disputed amount is never required to file a recurso "
            "(Ley 142 de 1994 art. 155)",
            text,
        )
        self.assertNotIn("ends the proceedings", text)
        self.assertIn("Sincerely", text)

    def test_letters_signed_by_the_configured_official(self):
        signer = self.env["res.users"].create(
            {"name": "Gloria Inés Pardo", "login": "pqr_letters_signer"}
        )
        self.company.write(
            {
                "pqr_letter_signer_id": signer.id,
                "pqr_letter_signer_title": "Head of the PQR Office",
            }
        )
        text = self._pdf_text("report_pqr_citation", self.pqr)
        self.assertIn("Gloria Inés Pardo Head of the PQR Office", text)
        self.assertNotIn("Office of Peticiones, Quejas y Recursos", text)

    def test_response_letter_not_billing(self):
        """A petición states the recursos but no payment to appeal."""
        pqr = self.env["pqr.request"].create(
            {
                "partner_id": self.partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_peticion").id,
                "channel": "written",
                "date_received": datetime(2026, 3, 3, 15, 0),
                "response_type_id": self.env.ref(f"{MODULE}.pqr_response_type_1").id,
                "response_body": "<p>The new meter will be installed.</p>",
            }
        )
        pqr.action_issue_decision()
        text = self._pdf_text("report_pqr_response", pqr)
        self._assert_first_instance_recursos(text)
        self.assertIn("The new meter will be installed.", text)
        self.assertNotIn("art. 155", text)

    def test_citation(self):
        pqr = self.pqr
        text = self._pdf_text("report_pqr_citation", pqr)
        self._assert_decision(text, pqr)
        self.assertIn("Citation for personal notification", text)
        self.assertIn(f"Villeta, {self._date(pqr.date_response)}", text)
        self.assertIn("(CPACA) art. 68", text)
        self.assertIn(f"of {self._date(pqr.date_response)}", text)
        self.assertIn(
            "within the 5 business days following the sending of this citation", text
        )
        self.assertIn("Carrera 5 # 10-20, Villeta", text)
        self.assertIn("Office hours: business days", text)
        self.assertIn("from 8:00", text)
        self.assertIn("identity document", text)
        self.assertIn(
            "the decision will be notified by notice (aviso), sent to this address "
            "with a full copy of the decision (Ley 1437 de 2011 art. 69)",
            text,
        )

    def test_notice(self):
        pqr = self.pqr
        citation = pqr.notification_ids.filtered(lambda n: n.method == "citation")
        cited_on = pqr.date_response + timedelta(days=1)
        noticed_on = cited_on + timedelta(days=8)
        with freeze_time(datetime.combine(noticed_on, time(16, 0))):
            citation.action_mark_sent(datetime.combine(cited_on, time(15, 0)))
            # the notice the daily action creates
            notice = transition(self.env["pqr.notification"]).create(
                {"request_id": pqr.id, "method": "notice"}
            )
            notice.action_mark_sent(datetime.combine(noticed_on, time(15, 0)))
            text = self._pdf_text("report_pqr_notice", pqr)
        self._assert_decision(text, pqr)
        self.assertIn("Notification by notice (aviso)", text)
        self.assertIn(f"citation sent on {self._date(cited_on)}", text)
        self.assertIn(f"Villeta, {self._date(noticed_on)}", text)
        self.assertIn(f"Date of this notice {self._date(noticed_on)}", text)
        self.assertIn(f"Date of the act {self._date(pqr.date_response)}", text)
        self.assertIn("Issued by Aguas de Prueba S.A. E.S.P.", text)
        self._assert_first_instance_recursos(text)
        self.assertIn(
            "the notification is effective at the end of the day after the delivery "
            "of the notice at its destination (Ley 1437 de 2011 art. 69)",
            text,
        )
        # the full copy of the act
        self.assertIn("Full copy of the decision notified", text)
        copy = text.split("Full copy of the decision notified", 1)[1]
        self.assertIn("the consumption billed is correct", copy)
        self.assertIn(pqr.response_number, copy)
        self.assertIn("Against this decision lie the recurso de reposición", copy)

    def _answer_recurso(self, apelacion, response_type):
        pqr = self.pqr
        pqr.action_register_personal("Marta Usuaria", "52123456")
        self.assertEqual(pqr.state, "notified")
        recurso = pqr.action_file_recurso(apelacion=apelacion)
        recurso.write(
            {
                "response_type_id": self.env.ref(f"{MODULE}.{response_type}").id,
                "response_body": "<p>The reading was checked again.</p>",
            }
        )
        recurso.action_issue_decision()
        return recurso, self._pdf_text("report_pqr_response", recurso)

    def test_answer_to_apelacion_goes_to_sspd(self):
        recurso, text = self._answer_recurso(True, "pqr_response_type_4")
        self._assert_decision(text, recurso)
        self.assertIn("Confirms", text)
        self.assertIn(self.pqr.response_number, text, "the decision appealed")
        self.assertIn("ends the proceedings before Aguas de Prueba S.A. E.S.P.", text)
        self.assertIn("vía gubernativa", text)
        self.assertIn(
            f"the file is sent to the {SSPD}, which decides the apelación "
            "(Ley 142 de 1994 art. 159)",
            text,
        )
        self.assertNotIn("Against this decision lie", text)

    def test_answer_to_apelacion_fully_granted(self):
        _recurso, text = self._answer_recurso(True, "pqr_response_type_6")
        self.assertIn("the subsidiary apelación has no object", text)
        self.assertNotIn("the file is sent to", text)

    def test_answer_to_reposicion(self):
        _recurso, text = self._answer_recurso(False, "pqr_response_type_4")
        self.assertIn("no further recurso lies against it before the company", text)
        self.assertNotIn("the file is sent to", text)
        self.assertNotIn("Against this decision lie", text)

    # Before the decision: transfer (CPACA art. 21) and incomplete petition (art. 17)
    def _peticion(self, **values):
        return self.env["pqr.request"].create(
            {
                "partner_id": self.partner.id,
                "type_id": self.env.ref(f"{MODULE}.pqr_type_peticion").id,
                "channel": "written",
                "service_account_id": self.account.id,
                # Tue 3 Mar 2026, 10:00 in Bogotá
                "date_received": datetime(2026, 3, 3, 15, 0),
                **values,
            }
        )

    def test_transfer_covering_letter(self):
        authority = self.env["res.partner"].create(
            {
                "name": "Empresa de Energía de Cundinamarca",
                "is_company": True,
                "street": "Avenida El Dorado # 69-76",
                "city": "Bogotá",
                "email": "pqr@energia.example.com",
            }
        )
        pqr = self._peticion(annex_count=2, annex_description="bill, photographs")
        with freeze_time(datetime(2026, 3, 5, 15)):
            pqr.action_transfer_competence(
                authority.id, "<p>The complaint is about the electricity service.</p>"
            )
        text = self._pdf_text("report_pqr_transfer", pqr)
        self.assertIn("Transfer for lack of competence", text)
        self.assertIn("(CPACA) art. 21", text)
        self.assertIn(f"Villeta, {self._date(date(2026, 3, 5))}", text)
        self.assertIn(pqr.response_number, text)
        self.assertIn("Empresa de Energía de Cundinamarca", text)
        self.assertIn("Avenida El Dorado # 69-76", text)
        self.assertIn(
            f"filing number {pqr.name}, filed on {self._date(date(2026, 3, 3))} by "
            "Marta Usuaria",
            text,
        )
        self.assertIn(
            "As Aguas de Prueba S.A. E.S.P. is not competent to decide this petition, "
            "we send it to you with its 2 annexes (bill, photographs), so that you "
            "decide it (Ley 1437 de 2011 art. 21). The terms to decide it count from "
            "the day after you receive it.",
            text,
        )
        self.assertIn("The complaint is about the electricity service.", text)
        self.assertIn("Copy to the petitioner: Marta Usuaria", text)
        self.assertIn("Calle 8 # 3-45", text)
        self.assertNotIn("DRAFT", text)

    def test_completion_request_letter(self):
        pqr = self._peticion()
        with freeze_time(datetime(2026, 3, 11, 15)):
            pqr.action_request_completion("<p>A copy of the February bill.</p>")
        text = self._pdf_text("report_pqr_completion_request", pqr)
        self.assertIn("Request to complete your petition", text)
        self.assertIn("(CPACA) art. 17", text)
        self.assertIn(f"Villeta, {self._date(date(2026, 3, 11))}", text)
        self.assertIn("Marta Usuaria", text)
        self.assertIn(pqr.name, text)
        self.assertIn(
            "To decide your petition, we need you to provide: A copy of the February "
            "bill.",
            text,
        )
        # one month after Wed 11 Mar is Sat 11 Apr: Mon 13 Apr
        self.assertIn(f"You have until {self._date(date(2026, 4, 13))}", text)
        self.assertIn("Carrera 5 # 10-20, Villeta", text)
        self.assertIn("ask, once, for an extension of up to the same term", text)
        self.assertIn(
            "resumes the business day after you hand in what is requested", text
        )
        self.assertIn(
            "the petition will be deemed desisted and archived by a reasoned decision, "
            "notified to you, against which only the recurso de reposición lies",
            text,
        )
        self.assertNotIn("DRAFT", text)

    def test_desistimiento_letter(self):
        pqr = self._peticion()
        with freeze_time(datetime(2026, 3, 11, 15)):
            pqr.action_request_completion("<p>A copy of the February bill.</p>")
        with freeze_time(datetime(2026, 4, 14, 15)):
            pqr.action_archive_desistimiento()
        text = self._pdf_text("report_pqr_response", pqr)
        self._assert_decision(text, pqr)
        self.assertIn("Archives", text)
        self.assertIn(
            f"On {self._date(date(2026, 3, 11))} the company asked you to complete "
            f"your petition {pqr.name}",
            text,
        )
        self.assertIn("A copy of the February bill.", text)
        self.assertIn(f"until {self._date(date(2026, 4, 13))}", text)
        self.assertIn("the petition is deemed desisted and its file is archived", text)
        self.assertIn(
            "Against this decision lies only the recurso de reposición before Aguas de "
            "Prueba S.A. E.S.P., within 5 business days after its notification (Ley "
            "1437 de 2011 art. 17, as substituted by Ley 1755 de 2015)",
            text,
        )
        self.assertNotIn("apelación", text)

    # The letters as a utility signs them: letterhead in the body, Spanish plural
    # forms, signature kept with the last paragraph
    def _html(self, report, records):
        """The report's HTML (English: the partner's language), parsed."""
        html, report_type = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html(f"{MODULE}.{report}", records.ids)
        )
        self.assertEqual(report_type, "html")
        return lxml_html.fromstring(html)

    def _letters(self):
        """Every PQR letter, as (report, record) pairs."""
        line = self.pqr.notification_ids[:1]
        self.assertTrue(line)
        return [
            (report, self.pqr)
            for report in (
                "report_pqr_acknowledgement",
                "report_pqr_response",
                "report_pqr_citation",
                "report_pqr_notice",
                "report_pqr_transfer",
                "report_pqr_completion_request",
            )
        ] + [("report_pqr_personal_notification", line)]

    def test_letterhead_in_the_body(self):
        """Logo, name, NIT, address, phone, email and website in the page itself:
        Debian's wkhtmltopdf drops the layout's header."""
        with file_open(f"{MODULE}/static/img/pqr_demo_company_logo.png", "rb") as f:
            logo = base64.b64encode(f.read())
        self.company.write(
            {
                "logo": logo,
                "state_id": self.env.ref("base.state_co_11").id,
                "zip": "253410",
                "phone": "+57 601 844 0000",
                "website": "https://www.aguas.example.com",
            }
        )
        for report, record in self._letters():
            with self.subTest(report=report):
                doc = self._html(report, record)
                self.assertFalse(
                    doc.xpath("//div[hasclass('header')]"), "no layout header"
                )
                heads = doc.xpath(
                    "//div[hasclass('article')]//table[hasclass('o_pqr_letterhead')]"
                )
                self.assertTrue(heads)
                head = heads[0]
                src = head.xpath(".//img/@src")
                self.assertEqual(src, [f"data:image/png;base64,{logo.decode()}"])
                text = " ".join(head.text_content().split())
                for expected in (
                    "Aguas de Prueba S.A. E.S.P.",
                    "NIT 900123456-7",
                    "Carrera 5 # 10-20",
                    "Villeta, Cundinamarca",
                    "Postcode 253410",
                    "Phone +57 601 844 0000",
                    "pqr@aguas.example.com",
                    "https://www.aguas.example.com",
                ):
                    self.assertIn(expected, text)
                footer = " ".join(
                    doc.xpath("//div[hasclass('article')]")[0].text_content().split()
                )
                self.assertIn(
                    f"Please quote filing number {self.pqr.name} in any communication "
                    "about this petition.",
                    footer,
                )

    def test_demo_company_has_a_logo_and_address(self):
        company = self.env.ref("base.main_company")
        self.assertFalse(company.uses_default_logo, "not Odoo's placeholder")
        self.assertEqual(company.country_id, self.env.ref("base.co"))
        self.assertRegex(company.zip or "", r"^\d{6}$")

    def _text(self, node):
        return " ".join(node.text_content().split())

    def test_annexes_singular_and_plural(self):
        authority = self.env["res.partner"].create(
            {"name": "Empresa de Energía de Cundinamarca", "is_company": True}
        )
        for count, expected in ((0, "No annexes"), (1, "1 annex"), (3, "3 annexes")):
            with self.subTest(count=count):
                pqr = self._peticion(annex_count=count)
                row = self._html("report_pqr_acknowledgement", pqr).xpath(
                    "//tr[th[normalize-space()='Annexes']]/td"
                )[0]
                self.assertEqual(self._text(row), expected)
                if not count:
                    continue
                with freeze_time(datetime(2026, 3, 5, 15)):
                    pqr.action_transfer_competence(authority.id, "<p>Not ours.</p>")
                text = self._text(self._html("report_pqr_transfer", pqr))
                its = "" if count == 1 else "its "
                self.assertIn(f"we send it to you with {its}{expected}, so that", text)

    def test_annexes_in_spanish(self):
        """The two forms are separate terms, translated as two Spanish forms."""
        self.env["res.lang"]._activate_lang("es_CO")
        view = self.env.ref(f"{MODULE}.report_pqr_acknowledgement_document")
        view.update_field_translations(
            "arch_db", {"es_CO": {"1 annex": "1 anexo", "annexes": "anexos"}}
        )
        self.partner.lang = "es_CO"
        for count, expected in ((1, "1 anexo"), (3, "3 anexos")):
            pqr = self._peticion(annex_count=count)
            html, _type = (
                self.env["ir.actions.report"]
                .with_context(lang="es_CO")
                ._render_qweb_html(f"{MODULE}.report_pqr_acknowledgement", pqr.ids)
            )
            self.assertIn(expected, self._text(lxml_html.fromstring(html)))

    def test_signature_kept_with_the_last_paragraph(self):
        last = {
            "report_pqr_acknowledgement": "Received by",
            "report_pqr_response": "Recursos against this decision",
            "report_pqr_citation": "if you do not appear within that term",
            "report_pqr_notice": "the notification is effective at the end of the day",
            "report_pqr_transfer": "A copy of this letter is sent to the petitioner",
            "report_pqr_completion_request": "if you neither complete the petition",
            "report_pqr_personal_notification": "Who notifies",
        }
        for report, record in self._letters():
            with self.subTest(report=report):
                blocks = self._html(report, record).xpath(
                    "//div[hasclass('o_pqr_signature')]"
                )
                self.assertTrue(blocks)
                block = blocks[0]
                style = block.get("style").replace(" ", "")
                self.assertIn("page-break-inside:avoid", style)
                self.assertIn("break-inside:avoid", style)
                self.assertIn(last[report], self._text(block))
                if report != "report_pqr_acknowledgement":
                    self.assertIn(
                        "Sincerely"
                        if report != "report_pqr_personal_notification"
                        else "Notified",
                        self._text(block),
                    )

    def test_signature_never_alone_on_a_page(self):
        """Whatever the length of the body, the recursos, the closing and the signer
        are printed on one page."""
        pushed = False
        for lines in range(8, 26, 3):
            with self.subTest(lines=lines):
                body = "".join(
                    f"<p>Finding {i}: the meter reading was verified on site.</p>"
                    for i in range(lines)
                )
                pqr = self._peticion(
                    response_type_id=self.env.ref(f"{MODULE}.pqr_response_type_1").id,
                    response_body=body,
                )
                pqr.action_issue_decision()
                pdf, _type = (
                    self.env["ir.actions.report"]
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf(f"{MODULE}.report_pqr_response", pqr.ids)
                )
                pages = [
                    " ".join(page.extractText().split())
                    for page in PdfFileReader(io.BytesIO(pdf)).pages
                ]
                sign = [i for i, page in enumerate(pages) if "Sincerely" in page]
                start = [
                    i
                    for i, page in enumerate(pages)
                    if "Recursos against this decision" in page
                ]
                self.assertEqual(len(sign), 1)
                self.assertEqual(start, sign, "the recursos stay with the signature")
                self.assertIn(f"Finding {lines - 1}", " ".join(pages[: sign[0] + 1]))
                pushed = pushed or (
                    sign[0] > 0 and f"Finding {lines - 1}" in pages[sign[0] - 1]
                )
        self.assertTrue(pushed, "some body length moved the block to a new page")

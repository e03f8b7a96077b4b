/** @odoo-module **/
// The customer's main flow on the portal (TestPortalTour): file a PQR with a
// document, read its radicado; then, once the office decided, open the decision
// (which notifies) and file a recurso. Selectors are names and ids, not labels.
import { registry } from "@web/core/registry";

const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

registry.category("web_tour.tours").add("pqr_portal_filing_tour", {
    url: "/my/pqr/new",
    steps: () => [
        {
            content: "Choose the first type a customer may file",
            trigger: "form.o_pqr_filing_form select[name='type_id']",
            run() {
                const select = this.anchor;
                select.value = select.options[1].value;
                select.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Choose the water service",
            trigger: "select[name='service']",
            run: "select water",
        },
        {
            content: "Write the subject",
            trigger: "input[name='subject']",
            run: "edit Lectura equivocada",
        },
        {
            content: "Write the request",
            trigger: "textarea[name='description']",
            run: "edit La lectura del medidor no corresponde a la de mi casa.",
        },
        {
            content: "Attach a PDF",
            trigger: "input[name='attachments']",
            run() {
                const file = new File([PDF], "lectura.pdf", { type: "application/pdf" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "File it",
            trigger: "form.o_pqr_filing_form button[type='submit']",
            run: "click",
        },
        {
            content: "The radicado is on the screen",
            trigger: ".alert-success strong:contains('PQR-')",
        },
        {
            content: "The document is listed",
            trigger: "a:contains('lectura.pdf')",
        },
    ],
});

registry.category("web_tour.tours").add("pqr_portal_decision_tour", {
    steps: () => [
        {
            content: "Open the decision, which notifies",
            trigger: "form[action$='/access'] button[type='submit']",
            run: "click",
        },
        {
            content: "Notified: the letter is offered",
            trigger: "a[href*='report_type=pdf']",
        },
        {
            content: "The recurso form is offered: choose reposición and apelación",
            trigger: "input[name='kind'][value='appeal']",
            run: "click",
        },
        {
            content: "Say why",
            trigger: "#pqr_recurso textarea[name='description']",
            run: "edit La lectura no corresponde a mi medidor.",
        },
        {
            content: "File the recurso",
            trigger: "#pqr_recurso button[type='submit']",
            run: "click",
        },
        {
            content: "The recurso's page",
            trigger: ".alert-success strong:contains('PQR-')",
        },
    ],
});

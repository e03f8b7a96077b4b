/** @odoo-module **/
// A person without an account files a PQR on /pqr/radicar, reads its filing number
// on the result page and looks it up on /pqr/consulta. Selectors are names, ids and
// data attributes, never the (translated) labels.
import { registry } from "@web/core/registry";

const RADICADO_KEY = "pqr_public_filing_tour_radicado";
const VAT = "8800990011";

function selectByCode(helpers, field, code) {
    const option = document.querySelector(
        `select[name='${field}'] option[data-code='${code}']`
    );
    if (!option) {
        throw new Error(`No option with code ${code} in ${field}`);
    }
    return helpers.select(option.value);
}

registry.category("web_tour.tours").add("pqr_public_filing_tour", {
    url: "/pqr/radicar",
    steps: () => [
        {
            content: "Type the full name",
            trigger: "form.o_pqr_filing_form input[name='name']",
            run: "edit Ana Tour Pública",
        },
        {
            content: "Choose the cédula de ciudadanía",
            trigger: "form.o_pqr_filing_form select[name='identification_type_id']",
            run(helpers) {
                return selectByCode(helpers, "identification_type_id", "national_citizen_id");
            },
        },
        {
            content: "Type the identification number",
            trigger: "form.o_pqr_filing_form input[name='vat']",
            run: `edit ${VAT}`,
        },
        {
            content: "Type the email",
            trigger: "form.o_pqr_filing_form input[name='email']",
            run: "edit ana.tour@example.com",
        },
        {
            content: "Type the postal address",
            trigger: "form.o_pqr_filing_form input[name='street']",
            run: "edit Calle 5 # 6-7",
        },
        {
            content: "Accept electronic notification",
            trigger: "form.o_pqr_filing_form input[name='consent']",
            run: "check",
        },
        {
            content: "File a petition",
            trigger: "form.o_pqr_filing_form select[name='type_id']",
            run(helpers) {
                return selectByCode(helpers, "type_id", "peticion");
            },
        },
        {
            content: "About the sewerage",
            trigger: "form.o_pqr_filing_form select[name='service']",
            run: "select sewer",
        },
        {
            content: "The causes of the water supply only are hidden",
            trigger:
                "form.o_pqr_filing_form select[name='causal_id'] option[data-services='water'][disabled]:not(:visible)",
        },
        {
            content: "Describe the request",
            trigger: "form.o_pqr_filing_form textarea[name='description']",
            run: "edit El alcantarillado de la cuadra está taponado.",
        },
        {
            content: "Send the form",
            trigger: "form.o_pqr_filing_form button[type='submit']",
            run: "click",
        },
        {
            content: "Read the filing number",
            trigger: "#pqr_radicado:not(:empty)",
            run() {
                sessionStorage.setItem(RADICADO_KEY, this.anchor.textContent.trim());
            },
        },
        {
            content: "Go to the lookup page",
            trigger: "a#pqr_lookup_link[href='/pqr/consulta']",
            run: "click",
        },
        {
            content: "Type the filing number",
            trigger: "form.o_pqr_lookup_form input[name='radicado']",
            run(helpers) {
                return helpers.edit(sessionStorage.getItem(RADICADO_KEY));
            },
        },
        {
            content: "Type the identification number",
            trigger: "form.o_pqr_lookup_form input[name='vat']",
            run: `edit ${VAT}`,
        },
        {
            content: "Look it up",
            trigger: "form.o_pqr_lookup_form button[type='submit']",
            run: "click",
        },
        {
            content: "The PQR is found, with its state",
            trigger: "#pqr_result[data-state='filed'] #pqr_state:not(:empty)",
            run() {
                const shown = document.querySelector("#pqr_radicado").textContent.trim();
                if (shown !== sessionStorage.getItem(RADICADO_KEY)) {
                    throw new Error(`Found ${shown}, filed ${sessionStorage.getItem(RADICADO_KEY)}`);
                }
                sessionStorage.removeItem(RADICADO_KEY);
            },
        },
    ],
});

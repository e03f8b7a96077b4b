/** @odoo-module **/
// The filing forms work without script; this only hides the causes of the other
// services once a service is chosen (the server checks it again).
import publicWidget from "@web/legacy/js/public/public_widget";

publicWidget.registry.PqrFilingForm = publicWidget.Widget.extend({
    selector: "form.o_pqr_filing_form",
    events: {
        "change select[name='service']": "_filterCausals",
    },

    start() {
        this._filterCausals();
        return this._super(...arguments);
    },

    _filterCausals() {
        const service = this.el.querySelector("select[name='service']")?.value;
        const select = this.el.querySelector("select[name='causal_id']");
        if (!select) {
            return;
        }
        for (const option of select.querySelectorAll("option[data-services]")) {
            const applies = !service || option.dataset.services.split(",").includes(service);
            option.hidden = !applies;
            option.disabled = !applies;
            if (!applies && option.selected) {
                select.value = "";
            }
        }
    },
});

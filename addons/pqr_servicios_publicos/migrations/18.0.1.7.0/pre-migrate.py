"""18.0.1.7.0: the company's DANE codes take the names of the SUI reports' contract
(sui_dane_department, sui_dane_municipality, sui_dane_centro_poblado). Rename the
columns before the registry loads, so that the codes entered are kept."""

RENAMES = {
    "pqr_dane_department": "sui_dane_department",
    "pqr_dane_municipality": "sui_dane_municipality",
    "pqr_dane_populated_centre": "sui_dane_centro_poblado",
}


def migrate(cr, version):
    for old, new in RENAMES.items():
        cr.execute(
            """SELECT 1 FROM information_schema.columns
                WHERE table_name = 'res_company' AND column_name = %s""",
            (old,),
        )
        if cr.fetchone():
            # the field records of the old names go with the module's cleanup,
            # which drops only columns that still exist
            cr.execute(f'ALTER TABLE res_company RENAME COLUMN "{old}" TO "{new}"')

{
    "name": "PQR Servicios Públicos - Reportes SUI",
    "summary": "Reportes al SUI (Formato A, suspensiones) e indicadores de gestión de PQR",
    "version": "18.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/pqr-servicios-publicos/pqr-office",
    "author": "PQR Servicios Públicos",
    "maintainers": [],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["pqr_servicios_publicos"],
    "data": [],
}

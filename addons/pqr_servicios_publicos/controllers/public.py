"""Public pages: file a PQR without an account (/pqr/radicar) and look up its status
(/pqr/consulta)."""

"""P: reports. ``catalogue`` lists every report (P-2, P-6) with the function that writes its
file; ``counting`` holds the SQL of the P-1 dossier sets; one module per report builds its
tables."""

"""Writers of the files that leave binc-web (xlsx, …): pure, rows in, bytes out."""

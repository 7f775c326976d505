"""Exercise definitions, one module per notebook (see course_lib.checks)."""

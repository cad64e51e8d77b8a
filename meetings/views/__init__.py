"""Meeting pages, by topic: planning, agenda, attendance, minutes, actions, standing_orders
and documents (the PDFs and the calendar). Thin: parse, check access (common's
`<object>_for_user` helpers, through clp.core.access), call a service, render."""

"""The month in figures: `figures` computes them (only sales that count are summed), `overview`
shows them to managers in the admin (table, chart, payroll CSV); the slash commands' answers
render them in `sales.texts.slash`."""

"""Chi bộ số: the everyday Party-building work of every level of a Party organisation."""

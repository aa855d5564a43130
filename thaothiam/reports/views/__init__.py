"""Reports views: the executive dashboard and the year-end report."""

"""References as a reader sees them: the CSL engine that formats them, and what it keeps between
builds."""

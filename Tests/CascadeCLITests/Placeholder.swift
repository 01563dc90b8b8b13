// Filled in by later modules.

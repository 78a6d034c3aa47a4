"""Hash lists (banks) and their file formats, the exact PDQ index, matching media against banks, spread clusters."""

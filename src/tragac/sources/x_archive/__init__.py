"""The X (Twitter) archive ("Download an archive of your data"): tweets and direct messages."""

"""Instagram's "Download your information" JSON: comments (post and reel comments) and Messenger-format threads."""

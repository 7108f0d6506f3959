"""What the tests share: logging in, databases, drafts, Word and PDF fixtures, the route walk. Test modules
import from here, never from one another (tests/unit/test_test_tree.py checks it)."""

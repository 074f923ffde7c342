"""What is language-specific in the digest, behind one interface (base.Language)."""

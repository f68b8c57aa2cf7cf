"""`python -m acs_identity.cli`."""

from . import main

if __name__ == "__main__":
    main()

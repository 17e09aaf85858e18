"""`python -m gongwen …` is the `gongwen` command."""

from generator.cli import main

if __name__ == "__main__":
    main(prog_name="gongwen")

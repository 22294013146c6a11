"""File writers shared by the apps and the command line (pure Python, no Django): the mirror of readers/."""

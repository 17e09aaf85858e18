"""The names a workspace's folders and inputs go by: light to import (the workspace and a no-op
build need them without the schema)."""

# A workspace's folders: the clerk's data, the templates, what gongwen makes.
INPUTS_FOLDER, TEMPLATES_FOLDER, OUTPUT_FOLDER = "inputs", "templates", "output"

# The workspace's input workbook.
WORKBOOK_NAME = "活动数据.xlsx"

"""The names a workspace's inputs go by: light to import (the workspace and a no-op build need
them without the schema)."""

# The workspace's input workbook.
WORKBOOK_NAME = "活动数据.xlsx"

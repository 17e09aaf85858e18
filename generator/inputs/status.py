"""A unit's reporting status for one period: computed once (Inputs.status) and said alike everywhere.

Its own module, light to import: the application API names these words without loading the model.
"""

REPORTED, LATE, MISSING = "已报送", "逾期报送", "未报送"

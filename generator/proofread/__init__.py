"""核稿: the campaign read as a senior 文秘 would, for what is true of each sentence, not only its sums.

Beside the build: it reads the model and the generated documents, and says what contradicts
what (a date before the data it cites, a deadline before the data it asks for, a role held
twice or never, an unfilled ××, one 存在问题 copied to many units). Its findings are warnings.
"""

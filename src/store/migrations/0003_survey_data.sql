-- Quantitative survey data per submission version, and the cycle's 要因分析 method.
ALTER TABLE cycles ADD COLUMN decomposition_method TEXT NOT NULL DEFAULT 'sequential'
  CHECK (decomposition_method IN ('sequential', 'lmdi'));

-- The data object of docs/json-format.md in canonical JSON; io parses and validates it.
CREATE TABLE submission_data (
  submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
  data TEXT NOT NULL
) STRICT;
